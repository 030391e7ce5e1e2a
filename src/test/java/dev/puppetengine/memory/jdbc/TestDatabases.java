package dev.puppetengine.memory.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** Real databases for tests, migrated with the project's Flyway migrations. */
public final class TestDatabases {

    private TestDatabases() {}

    /** A fresh, migrated in-memory H2 database that lives as long as the JVM ({@code day} is a column name in V1). */
    public static DataSource h2() {
        var dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:memory-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;NON_KEYWORDS=DAY");
        return migrated(dataSource);
    }

    /** Starts an embedded PostgreSQL; the caller closes it. */
    public static EmbeddedPostgres startPostgres() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.start();
            migrated(postgres.getPostgresDatabase());
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DataSource migrated(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return dataSource;
    }
}
