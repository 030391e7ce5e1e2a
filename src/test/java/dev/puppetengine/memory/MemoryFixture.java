package dev.puppetengine.memory;

import dev.puppetengine.llm.Embedder;
import dev.puppetengine.memory.jdbc.JdbcMemoryStore;
import dev.puppetengine.shared.TestDatabase;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The memory feature wired by hand over a real database, as the Spring configuration wires it. */
final class MemoryFixture {

    final DataSource dataSource;
    final MutableClock clock;
    final MemoryProperties properties;
    final Embedder embedder;
    final MemoryStore store;
    final Recall recall;
    final EmbeddingPipeline pipeline;
    final MemoryBank bank;

    MemoryFixture(DataSource dataSource, Embedder embedder, MemoryProperties properties, MutableClock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.properties = properties;
        this.embedder = embedder;
        this.store = new JdbcMemoryStore(new JdbcTemplate(dataSource));
        this.recall = new Recall(store, embedder, properties, clock);
        this.pipeline = new EmbeddingPipeline(store, embedder, recall, properties.embeddingBatchSize());
        this.bank = new MemoryBank(store, recall, pipeline, clock);
    }

    static MemoryFixture onH2(Embedder embedder, MemoryProperties properties) {
        return new MemoryFixture(
                TestDatabase.inMemory(), embedder, properties, new MutableClock(MemoryStoreContract.T0));
    }

    /** The same database and clock, as after an engine restart: nothing in memory survives. */
    MemoryFixture restarted() {
        return new MemoryFixture(dataSource, embedder, properties, clock);
    }
}
