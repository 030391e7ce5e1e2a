package dev.puppetengine.agent.jdbc;

import dev.puppetengine.shared.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The storage contract on a real PostgreSQL 14 from zonky's embedded binaries (no Docker). Run as root, zonky starts
 * initdb and postgres as the user {@code nobody} by itself, so nothing needs configuring here.
 */
class JdbcStorageOnPostgresIT extends JdbcStorageContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start_postgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop_postgres() throws IOException {
        postgres.close();
    }

    @Override
    DataSource freshDatabase() throws SQLException {
        return TestDatabase.createPostgresDatabase(postgres, "contract_" + DATABASES.incrementAndGet());
    }
}
