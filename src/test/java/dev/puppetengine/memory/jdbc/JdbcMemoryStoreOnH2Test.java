package dev.puppetengine.memory.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.memory.MemoryStore;
import dev.puppetengine.memory.MemoryStoreContract;
import dev.puppetengine.shared.TestDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class JdbcMemoryStoreOnH2Test extends MemoryStoreContract {

    private static DataSource database;
    private static JdbcMemoryStore store;

    @BeforeAll
    static void database() {
        database = TestDatabase.inMemory();
        store = new JdbcMemoryStore(new JdbcTemplate(database));
    }

    @Override
    protected MemoryStore store() {
        return store;
    }

    /**
     * The embedding backlog read follows its index and stops at the limit: H2 sorted the whole backlog when the query
     * said ORDER BY id alone (12 % of the engine's CPU at 10,000 personas, docs/PERFORMANCE.md).
     */
    @Test
    void reads_the_embedding_backlog_in_index_order_without_sorting_it() {
        String plan = new JdbcTemplate(database)
                .queryForObject(
                        "EXPLAIN SELECT id FROM memory WHERE embedding_model IS NULL"
                                + " ORDER BY embedding_model, id FETCH FIRST 32 ROWS ONLY",
                        String.class);

        assertThat(plan).containsIgnoringCase("MEMORY_EMBEDDING_MODEL_ID").containsIgnoringCase("index sorted");
    }
}
