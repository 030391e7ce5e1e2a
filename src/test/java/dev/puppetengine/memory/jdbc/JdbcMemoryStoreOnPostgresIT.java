package dev.puppetengine.memory.jdbc;

import dev.puppetengine.memory.MemoryStore;
import dev.puppetengine.memory.MemoryStoreContract;
import dev.puppetengine.shared.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.JdbcTemplate;

class JdbcMemoryStoreOnPostgresIT extends MemoryStoreContract {

    private static EmbeddedPostgres postgres;
    private static JdbcMemoryStore store;

    @BeforeAll
    static void database() {
        postgres = TestDatabase.startPostgres();
        store = new JdbcMemoryStore(new JdbcTemplate(postgres.getPostgresDatabase()));
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Override
    protected MemoryStore store() {
        return store;
    }
}
