package dev.puppetengine.solana.jdbc;

import dev.puppetengine.shared.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class TradeStorageOnPostgresIT extends TradeStorageContract {

    private static EmbeddedPostgres postgres;
    private static DataSource database;

    @BeforeAll
    static void database() {
        postgres = TestDatabase.startPostgres();
        // One handle: a transaction is bound to the DataSource object its template was given.
        database = postgres.getPostgresDatabase();
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Override
    DataSource dataSource() {
        return database;
    }
}
