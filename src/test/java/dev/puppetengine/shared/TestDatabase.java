package dev.puppetengine.shared;

import java.nio.file.Path;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** An H2 database with every migration applied, for tests that construct JDBC adapters directly. */
public final class TestDatabase {

    private TestDatabase() {}

    /** A fresh in-memory database, kept until the JVM exits. */
    public static DataSource inMemory() {
        return migrated("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;NON_KEYWORDS=DAY");
    }

    /** A file database under {@code dir}: opening the same dir again sees the same data, like a restart. */
    public static DataSource inDirectory(Path dir) {
        return migrated("jdbc:h2:file:" + dir.resolve("puppet").toAbsolutePath() + ";NON_KEYWORDS=DAY");
    }

    private static DataSource migrated(String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return dataSource;
    }
}
