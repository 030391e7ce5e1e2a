package dev.puppetengine.memory.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.memory.HashingEmbedder;
import dev.puppetengine.memory.Memory;
import dev.puppetengine.memory.MemoryEmbedding;
import dev.puppetengine.memory.MemoryKind;
import dev.puppetengine.memory.MemoryProperties;
import dev.puppetengine.memory.MemoryStore;
import dev.puppetengine.memory.MemoryStoreContract;
import dev.puppetengine.memory.Recall;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

    @Test
    void a_recall_index_of_one_node_follows_what_another_node_remembered_embedded_and_deleted() {
        HashingEmbedder embedder = new HashingEmbedder(384);
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T08:00:00Z"), ZoneOffset.UTC);
        Recall nodeA = new Recall(store, embedder, MemoryProperties.DEFAULTS, clock);
        JdbcMemoryStore nodeB = new JdbcMemoryStore(new JdbcTemplate(postgres.getPostgresDatabase()));
        PersonaId persona =
                PersonaId.of("cluster-" + UUID.randomUUID().toString().substring(0, 8));
        assertThat(store.sharedWithOtherNodes()).isTrue();
        assertThat(nodeA.recall(persona, "tide")).isEmpty();

        Memory remembered = nodeB.add(
                new Memory(0, persona, MemoryKind.EVENT, "the tide came in", 0.5, 0, clock.instant(), List.of(), null));
        nodeB.saveEmbeddings(List.of(
                new MemoryEmbedding(remembered.id(), embedder.modelName(), embedder.embed(remembered.content()))));

        assertThat(nodeA.recall(persona, "tide")).extracting(Memory::content).containsExactly("the tide came in");

        nodeB.deleteNonCore(persona, List.of(remembered.id()));

        assertThat(nodeA.recall(persona, "tide")).isEmpty();
    }
}
