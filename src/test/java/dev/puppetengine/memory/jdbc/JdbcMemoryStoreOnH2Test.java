package dev.puppetengine.memory.jdbc;

import dev.puppetengine.memory.MemoryStore;
import dev.puppetengine.memory.MemoryStoreContract;
import org.junit.jupiter.api.BeforeAll;

class JdbcMemoryStoreOnH2Test extends MemoryStoreContract {

    private static JdbcMemoryStore store;

    @BeforeAll
    static void database() {
        store = new JdbcMemoryStore(TestDatabases.h2());
    }

    @Override
    protected MemoryStore store() {
        return store;
    }
}
