package dev.puppetengine.shared;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** Real databases with every migration applied, for tests that construct JDBC adapters directly. */
public final class TestDatabase {

    private TestDatabase() {}

    /** A fresh in-memory database, kept until the JVM exits. */
    public static DataSource inMemory() {
        return migrated("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    /** A file database under {@code dir}: opening the same dir again sees the same data, like a restart. */
    public static DataSource inDirectory(Path dir) {
        return migrated("jdbc:h2:file:" + dir.resolve("puppet").toAbsolutePath());
    }

    /** Starts an embedded PostgreSQL (zonky; runs as root too) and migrates it; the caller closes it. */
    public static EmbeddedPostgres startPostgres() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.start();
            migrate(postgres.getPostgresDatabase());
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new, empty database {@code name} on {@code postgres} (not migrated). */
    public static DataSource createPostgresDatabase(EmbeddedPostgres postgres, String name) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return postgres.getDatabase("postgres", name);
    }

    private static DataSource migrated(String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        return migrate(dataSource);
    }

    /** Applies every migration to {@code dataSource} and returns it. */
    public static DataSource migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return dataSource;
    }
}
