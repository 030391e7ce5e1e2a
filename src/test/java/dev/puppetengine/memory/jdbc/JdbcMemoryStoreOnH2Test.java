package dev.puppetengine.memory.jdbc;

import dev.puppetengine.memory.MemoryStore;
import dev.puppetengine.memory.MemoryStoreContract;
import dev.puppetengine.shared.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.JdbcTemplate;

class JdbcMemoryStoreOnH2Test extends MemoryStoreContract {

    private static JdbcMemoryStore store;

    @BeforeAll
    static void database() {
        store = new JdbcMemoryStore(new JdbcTemplate(TestDatabase.inMemory()));
    }

    @Override
    protected MemoryStore store() {
        return store;
    }
}
