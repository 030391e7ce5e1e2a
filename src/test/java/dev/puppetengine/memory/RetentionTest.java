package dev.puppetengine.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionTest {

    private static final PersonaId ALICE = PersonaId.of("alice");
    private static final PersonaId BOB = PersonaId.of("bob");

    private final MemoryFixture memory =
            MemoryFixture.onH2(new HashingEmbedder(64), MemoryProperties.DEFAULTS.withRetentionCap(10));
    private final Retention retention = new Retention(memory.store, memory.recall, memory.properties, memory.clock);

    private Memory remember(PersonaId persona, MemoryKind kind, String content, double importance) {
        Memory stored = memory.bank.remember(persona, kind, content, importance, 0, List.of());
        memory.clock.advance(Duration.ofHours(1));
        return stored;
    }

    @Test
    void brings_a_persona_over_its_cap_back_under_it_keeping_every_core_memory() {
        for (int i = 0; i < 4; i++) {
            remember(ALICE, MemoryKind.CORE, "core " + i, 0.0);
        }
        for (int i = 0; i < 20; i++) {
            remember(ALICE, MemoryKind.EVENT, "event " + i, 0.5);
        }

        int deleted = retention.runOnce();

        assertThat(deleted).isEqualTo(14);
        assertThat(memory.store.count(ALICE)).isEqualTo(10);
        assertThat(memory.store.listByKind(ALICE, MemoryKind.CORE)).hasSize(4);
    }

    @Test
    void drops_the_lowest_scoring_memories_oldest_first() {
        remember(ALICE, MemoryKind.EVENT, "old and trivial", 0.0);
        remember(ALICE, MemoryKind.EVENT, "old but vital", 1.0);
        for (int i = 0; i < 9; i++) {
            remember(ALICE, MemoryKind.EVENT, "newer " + i, 0.3);
        }

        retention.runOnce();

        assertThat(memory.store.listAll(ALICE))
                .extracting(Memory::content)
                .contains("old but vital")
                .doesNotContain("old and trivial")
                .hasSize(10);
    }

    @Test
    void leaves_personas_under_the_cap_alone() {
        for (int i = 0; i < 11; i++) {
            remember(ALICE, MemoryKind.EVENT, "alice " + i, 0.5);
        }
        for (int i = 0; i < 10; i++) {
            remember(BOB, MemoryKind.EVENT, "bob " + i, 0.5);
        }

        assertThat(retention.runOnce()).isEqualTo(1);
        assertThat(memory.store.count(BOB)).isEqualTo(10);
    }

    @Test
    void recall_no_longer_returns_a_deleted_memory() {
        remember(ALICE, MemoryKind.EVENT, "forgettable trivia about turnips", 0.0);
        for (int i = 0; i < 10; i++) {
            remember(ALICE, MemoryKind.EVENT, "memorable moment " + i, 0.9);
        }
        memory.pipeline.embedPending();
        assertThat(memory.recall.recall(ALICE, "turnips", 11))
                .extracting(Memory::content)
                .contains("forgettable trivia about turnips");

        retention.runOnce();

        assertThat(memory.recall.recall(ALICE, "turnips", 11))
                .extracting(Memory::content)
                .doesNotContain("forgettable trivia about turnips")
                .hasSize(10);
    }

    @Test
    void never_deletes_core_memories_even_when_they_alone_exceed_the_cap() {
        for (int i = 0; i < 12; i++) {
            remember(ALICE, MemoryKind.CORE, "core " + i, 0.0);
        }
        remember(ALICE, MemoryKind.EVENT, "the only event", 1.0);

        retention.runOnce();

        assertThat(memory.store.listByKind(ALICE, MemoryKind.CORE)).hasSize(12);
        assertThat(memory.store.count(ALICE)).isEqualTo(12);
    }
}
