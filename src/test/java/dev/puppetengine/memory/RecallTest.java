package dev.puppetengine.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RecallTest {

    private static final PersonaId ALICE = PersonaId.of("alice");
    private static final PersonaId BOB = PersonaId.of("bob");

    private final MemoryFixture memory = MemoryFixture.onH2(new HashingEmbedder(384), MemoryProperties.DEFAULTS);

    private Memory remember(PersonaId persona, MemoryKind kind, String content, double importance) {
        return memory.bank.remember(persona, kind, content, importance, 0, List.of());
    }

    private static List<String> contents(List<Memory> memories) {
        return memories.stream().map(Memory::content).toList();
    }

    private List<String> ranked(String query, RecallWeights weights) {
        return memory.recall.rank(ALICE, query, 3, weights).stream()
                .map(s -> s.memory().content())
                .toList();
    }

    @Nested
    class WhatIsRecalled {

        @Test
        void returns_core_memories_first_then_the_most_relevant_others() {
            remember(ALICE, MemoryKind.CORE, "I am a lighthouse keeper", 1);
            remember(ALICE, MemoryKind.EVENT, "the ferry schedule changed on monday", 0.5);
            remember(ALICE, MemoryKind.EVENT, "gulls stole my sandwich at the pier", 0.5);
            memory.pipeline.embedPending();

            List<Memory> recalled = memory.recall.recall(ALICE, "which gulls stole the sandwich", 1);

            assertThat(contents(recalled))
                    .containsExactly("I am a lighthouse keeper", "gulls stole my sandwich at the pier");
        }

        @Test
        void recalls_only_the_persona_s_own_memories() {
            remember(BOB, MemoryKind.EVENT, "bob saw a comet", 1);
            remember(ALICE, MemoryKind.EVENT, "alice baked bread", 0.1);
            memory.pipeline.embedPending();

            assertThat(contents(memory.recall.recall(ALICE, "a comet", 5))).containsExactly("alice baked bread");
        }

        @Test
        void recalls_a_memory_added_after_the_index_was_built_once_it_is_embedded() {
            remember(ALICE, MemoryKind.EVENT, "first memory about tea", 0.5);
            memory.pipeline.embedPending();
            assertThat(memory.recall.recall(ALICE, "tea", 5)).hasSize(1);

            remember(ALICE, MemoryKind.EVENT, "second memory about coffee", 0.5);
            remember(ALICE, MemoryKind.CORE, "core added later", 1);
            memory.pipeline.embedPending();

            assertThat(contents(memory.recall.recall(ALICE, "coffee", 5)))
                    .containsExactly("core added later", "second memory about coffee", "first memory about tea");
        }

        @Test
        void the_background_worker_embeds_new_memories() {
            memory.pipeline.start();
            try {
                remember(ALICE, MemoryKind.EVENT, "the worker should embed this", 0.5);

                org.awaitility.Awaitility.await()
                        .until(() -> memory.recall.recall(ALICE, "worker", 5).size() == 1);
            } finally {
                memory.pipeline.close();
            }
        }

        @Test
        void survives_a_restart_from_the_database() {
            remember(ALICE, MemoryKind.CORE, "I was made in a garage", 1);
            remember(ALICE, MemoryKind.EVENT, "it rained on the parade", 0.5);
            memory.pipeline.embedPending();

            MemoryFixture restarted = memory.restarted();

            assertThat(restarted.pipeline.embedPending()).isZero();
            assertThat(contents(restarted.recall.recall(ALICE, "parade rain", 5)))
                    .containsExactly("I was made in a garage", "it rained on the parade");
        }

        @Test
        void a_seeded_memory_is_stored_once_across_restarts() {
            var seed = new Memory(
                    0, ALICE, MemoryKind.CORE, "born in 1999", 1, 0, MemoryStoreContract.T0, List.of(), "core:0");
            memory.bank.remember(seed);
            memory.restarted().bank.remember(seed);

            assertThat(memory.store.count(ALICE)).isEqualTo(1);
        }
    }

    @Nested
    class Weights {

        private void oldImportantAndNewTrivial() {
            remember(ALICE, MemoryKind.EVENT, "old but important harbour storm", 0.9);
            memory.clock.advance(Duration.ofDays(14));
            remember(ALICE, MemoryKind.EVENT, "new but trivial harbour breeze", 0.1);
            memory.pipeline.embedPending();
        }

        @Test
        void recency_weight_puts_the_newer_memory_first() {
            oldImportantAndNewTrivial();

            assertThat(ranked("harbour", new RecallWeights(1, 0, 0)).getFirst())
                    .isEqualTo("new but trivial harbour breeze");
        }

        @Test
        void importance_weight_puts_the_important_memory_first() {
            oldImportantAndNewTrivial();

            assertThat(ranked("harbour", new RecallWeights(0, 1, 0)).getFirst())
                    .isEqualTo("old but important harbour storm");
        }

        @Test
        void the_balance_follows_the_formula() {
            oldImportantAndNewTrivial();
            // recency: old e^-2 ≈ 0.135, new 1.0; importance: old 0.9, new 0.1
            // w = (1, 1): old 1.035 < new 1.1 — w = (1, 1.2): old 1.215 > new 1.12
            assertThat(ranked("harbour", new RecallWeights(1, 1, 0)).getFirst())
                    .isEqualTo("new but trivial harbour breeze");
            assertThat(ranked("harbour", new RecallWeights(1, 1.2, 0)).getFirst())
                    .isEqualTo("old but important harbour storm");
        }

        @Test
        void relevance_weight_puts_the_matching_memory_first() {
            oldImportantAndNewTrivial();
            remember(ALICE, MemoryKind.EVENT, "a recipe for lemon cake", 0.1);
            memory.pipeline.embedPending();

            assertThat(ranked("lemon cake recipe", new RecallWeights(0.1, 0.1, 1))
                            .getFirst())
                    .isEqualTo("a recipe for lemon cake");
        }

        @Test
        void scores_are_the_formula_s_value() {
            remember(ALICE, MemoryKind.EVENT, "a quiet morning", 0.4);
            memory.pipeline.embedPending();
            memory.clock.advance(Duration.ofDays(7));

            ScoredMemory scored = memory.recall
                    .rank(ALICE, null, 1, new RecallWeights(2, 3, 5))
                    .getFirst();

            assertThat(scored.score()).isCloseTo(2 * Math.exp(-1) + 3 * 0.4, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Nested
    class ModelChanges {

        @Test
        void a_new_embedding_model_re_embeds_every_memory() {
            remember(ALICE, MemoryKind.EVENT, "embedded by the old model", 0.5);
            memory.pipeline.embedPending();

            var newModel =
                    new MemoryFixture(memory.dataSource, new HashingEmbedder(256), memory.properties, memory.clock);

            assertThat(newModel.pipeline.embedPending()).isEqualTo(1);
            assertThat(contents(newModel.recall.recall(ALICE, "old model", 5)))
                    .containsExactly("embedded by the old model");
        }
    }
}
