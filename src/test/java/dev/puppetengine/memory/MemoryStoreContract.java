package dev.puppetengine.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link MemoryStore} must have; each adapter's test extends this with its own store. */
public abstract class MemoryStoreContract {

    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private PersonaId alice = PersonaId.of("alice");
    private PersonaId bob = PersonaId.of("bob");

    /** A store over a database with no memories of the personas this test uses. */
    protected abstract MemoryStore store();

    @BeforeEach
    void fresh_personas() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        alice = PersonaId.of("alice-" + suffix);
        bob = PersonaId.of("bob-" + suffix);
    }

    protected static Memory memory(PersonaId persona, MemoryKind kind, String content, Instant at) {
        return memory(persona, kind, content, at, null);
    }

    protected static Memory memory(
            PersonaId persona, MemoryKind kind, String content, Instant at, @Nullable String seedKey) {
        return new Memory(0, persona, kind, content, 0.4, -0.25, at, List.of("post:1", "event:2"), seedKey);
    }

    @Nested
    class Adding {

        @Test
        void returns_the_stored_memory_with_an_id_and_every_field_kept() {
            Memory stored = store().add(new Memory(
                    0,
                    alice,
                    MemoryKind.INTERACTION,
                    "Bob said the moon is cheese — \"really\"",
                    0.75,
                    -0.5,
                    T0.plusMillis(123),
                    List.of("x:42", "post:7"),
                    null));

            assertThat(stored.id()).isPositive();
            assertThat(store().find(stored.id())).contains(stored);
            assertThat(stored.content()).isEqualTo("Bob said the moon is cheese — \"really\"");
            assertThat(stored.createdAt()).isEqualTo(T0.plusMillis(123));
            assertThat(stored.sourceIds()).containsExactly("x:42", "post:7");
        }

        @Test
        void gives_each_memory_its_own_id() {
            Memory first = store().add(memory(alice, MemoryKind.EVENT, "one", T0));
            Memory second = store().add(memory(alice, MemoryKind.EVENT, "two", T0));

            assertThat(first.id()).isNotEqualTo(second.id());
            assertThat(store().count(alice)).isEqualTo(2);
        }

        @Test
        void is_idempotent_on_the_seed_key_of_a_persona() {
            Memory first = store().add(memory(alice, MemoryKind.CORE, "I was born on a server", T0, "seed-1"));
            Memory again = store().add(memory(alice, MemoryKind.CORE, "changed text", T0.plusSeconds(9), "seed-1"));

            assertThat(again).isEqualTo(first);
            assertThat(store().count(alice)).isEqualTo(1);
        }

        @Test
        void seed_keys_are_per_persona() {
            store().add(memory(alice, MemoryKind.CORE, "alice core", T0, "seed-1"));
            store().add(memory(bob, MemoryKind.CORE, "bob core", T0, "seed-1"));

            assertThat(store().count(alice)).isEqualTo(1);
            assertThat(store().count(bob)).isEqualTo(1);
        }

        @Test
        void memories_without_seed_key_are_never_merged() {
            store().add(memory(alice, MemoryKind.POST, "same text", T0));
            store().add(memory(alice, MemoryKind.POST, "same text", T0));

            assertThat(store().count(alice)).isEqualTo(2);
        }
    }

    @Nested
    class Listing {

        @Test
        void lists_newest_first_up_to_the_limit() {
            for (int i = 0; i < 5; i++) {
                store().add(memory(alice, MemoryKind.EVENT, "event " + i, T0.plus(Duration.ofHours(i))));
            }
            store().add(memory(bob, MemoryKind.EVENT, "bob's", T0.plus(Duration.ofDays(9))));

            assertThat(store().listNewest(alice, 3))
                    .extracting(Memory::content)
                    .containsExactly("event 4", "event 3", "event 2");
        }

        @Test
        void lists_by_kind_oldest_first() {
            store().add(memory(alice, MemoryKind.CORE, "core b", T0.plusSeconds(2)));
            store().add(memory(alice, MemoryKind.POST, "a post", T0.plusSeconds(1)));
            store().add(memory(alice, MemoryKind.CORE, "core a", T0.plusSeconds(1)));
            store().add(memory(bob, MemoryKind.CORE, "bob core", T0));

            assertThat(store().listByKind(alice, MemoryKind.CORE))
                    .extracting(Memory::content)
                    .containsExactly("core a", "core b");
        }

        @Test
        void lists_memories_after_an_id_in_id_order() {
            Memory first = store().add(memory(alice, MemoryKind.EVENT, "first", T0));
            store().add(memory(alice, MemoryKind.EVENT, "second", T0));
            store().add(memory(alice, MemoryKind.EVENT, "third", T0));

            assertThat(store().listAfter(alice, first.id(), 10))
                    .extracting(Memory::content)
                    .containsExactly("second", "third");
            assertThat(store().listAfter(alice, first.id(), 1))
                    .extracting(Memory::content)
                    .containsExactly("second");
        }

        @Test
        void counts_memories_after_an_id_leaving_out_the_excluded_kinds() {
            Memory first = store().add(memory(alice, MemoryKind.EVENT, "first", T0));
            store().add(memory(alice, MemoryKind.EVENT, "second", T0));
            store().add(memory(alice, MemoryKind.REFLECTION, "a reflection", T0));
            store().add(memory(alice, MemoryKind.CORE, "a core memory", T0));
            store().add(memory(alice, MemoryKind.INTERACTION, "a talk", T0));
            store().add(memory(bob, MemoryKind.EVENT, "bob's", T0));
            var excluded = java.util.EnumSet.of(MemoryKind.REFLECTION, MemoryKind.CORE);

            assertThat(store().countAfter(alice, first.id(), excluded)).isEqualTo(2);
            assertThat(store().countAfter(alice, first.id() - 1, excluded)).isEqualTo(3);
            assertThat(store().countAfter(alice, first.id(), java.util.EnumSet.noneOf(MemoryKind.class)))
                    .isEqualTo(4);
            assertThat(store().countAfter(alice, Long.MAX_VALUE, excluded)).isZero();
        }

        @Test
        void counts_memories_per_persona() {
            store().add(memory(alice, MemoryKind.EVENT, "a1", T0));
            store().add(memory(alice, MemoryKind.EVENT, "a2", T0));
            store().add(memory(bob, MemoryKind.EVENT, "b1", T0));

            Map<PersonaId, Long> counts = store().countByPersona();

            assertThat(counts).containsEntry(alice, 2L).containsEntry(bob, 1L);
            assertThat(store().count(PersonaId.of("nobody-here"))).isZero();
        }

        @Test
        void lists_all_memories_of_a_persona_oldest_first() {
            store().add(memory(alice, MemoryKind.EVENT, "later", T0.plus(1, ChronoUnit.DAYS)));
            store().add(memory(alice, MemoryKind.CORE, "earlier", T0));
            store().add(memory(bob, MemoryKind.CORE, "bob", T0));

            assertThat(store().listAll(alice)).extracting(Memory::content).containsExactly("earlier", "later");
        }
    }

    @Nested
    class Embeddings {

        @Test
        void stores_an_embedding_with_its_model_and_streams_it_back() {
            Memory stored = store().add(memory(alice, MemoryKind.EVENT, "embedded", T0));
            float[] vector = {0.6f, -0.8f, 0f, 1e-7f};

            store().saveEmbeddings(List.of(new MemoryEmbedding(stored.id(), "model-a", vector)));

            List<float[]> vectors = new ArrayList<>();
            List<Memory> memories = new ArrayList<>();
            store().forEachEmbedded(alice, "model-a", (memory, v) -> {
                memories.add(memory);
                vectors.add(v.clone());
            });
            assertThat(memories).containsExactly(stored);
            assertThat(vectors).singleElement().satisfies(v -> assertThat(v).containsExactly(vector));
        }

        @Test
        void lists_memories_without_embedding_or_with_another_model() {
            Memory none = store().add(memory(alice, MemoryKind.EVENT, "none", T0));
            Memory old = store().add(memory(alice, MemoryKind.EVENT, "old model", T0));
            Memory current = store().add(memory(alice, MemoryKind.EVENT, "current model", T0));
            store().saveEmbeddings(List.of(
                    new MemoryEmbedding(old.id(), "model-old", new float[] {1f}),
                    new MemoryEmbedding(current.id(), "model-new", new float[] {1f})));

            assertThat(store().listNeedingEmbedding("model-new", 10_000))
                    .contains(none, old)
                    .doesNotContain(current);
            List<Memory> streamed = new ArrayList<>();
            store().forEachEmbedded(alice, "model-new", (memory, v) -> streamed.add(memory));
            assertThat(streamed).containsExactly(current);
        }

        @Test
        void after_a_model_change_lists_the_old_models_memories_with_the_new_ones_oldest_first() {
            Memory before = store().add(memory(alice, MemoryKind.EVENT, "embedded by a", T0));
            Memory fresh = store().add(memory(alice, MemoryKind.EVENT, "not embedded", T0));
            Memory after = store().add(memory(alice, MemoryKind.EVENT, "embedded by z", T0));
            Memory current = store().add(memory(alice, MemoryKind.EVENT, "embedded by m", T0));
            store().saveEmbeddings(List.of(
                    new MemoryEmbedding(before.id(), "model-a", new float[] {1f}),
                    new MemoryEmbedding(after.id(), "model-z", new float[] {1f}),
                    new MemoryEmbedding(current.id(), "model-m", new float[] {1f})));

            List<Memory> needing = store().listNeedingEmbedding("model-m", 10_000).stream()
                    .filter(m -> m.personaId().equals(alice))
                    .toList();
            assertThat(needing).containsExactly(before, fresh, after);
            assertThat(store().listNeedingEmbedding("model-m", 10_000))
                    .extracting(Memory::id)
                    .isSorted();
            assertThat(store().listNeedingEmbedding("model-m", 2)).hasSize(2);

            store().saveEmbeddings(needing.stream()
                    .map(m -> new MemoryEmbedding(m.id(), "model-m", new float[] {1f}))
                    .toList());
            assertThat(store().listNeedingEmbedding("model-m", 10_000))
                    .extracting(Memory::personaId)
                    .doesNotContain(alice);
        }

        @Test
        void once_no_memory_of_another_model_is_left_lists_new_ones_and_sees_another_model_written_later() {
            Memory embedded = store().add(memory(alice, MemoryKind.EVENT, "embedded by m", T0));
            store().saveEmbeddings(List.of(new MemoryEmbedding(embedded.id(), "model-m", new float[] {1f})));
            assertThat(store().listNeedingEmbedding("model-m", 10_000)).doesNotContain(embedded);

            Memory fresh = store().add(memory(alice, MemoryKind.EVENT, "new", T0));
            assertThat(store().listNeedingEmbedding("model-m", 10_000)).contains(fresh);

            store().saveEmbeddings(List.of(new MemoryEmbedding(embedded.id(), "model-z", new float[] {1f})));
            assertThat(store().listNeedingEmbedding("model-m", 10_000)).contains(fresh, embedded);
        }

        @Test
        void ignores_embeddings_of_deleted_memories() {
            Memory gone = store().add(memory(alice, MemoryKind.EVENT, "gone", T0));
            store().deleteNonCore(alice, List.of(gone.id()));

            store().saveEmbeddings(List.of(new MemoryEmbedding(gone.id(), "model-a", new float[] {1f})));

            assertThat(store().find(gone.id())).isEmpty();
        }
    }

    @Nested
    class Deleting {

        @Test
        void deletes_the_given_memories_but_never_a_core_one() {
            Memory core = store().add(memory(alice, MemoryKind.CORE, "core", T0));
            Memory event = store().add(memory(alice, MemoryKind.EVENT, "event", T0));
            Memory kept = store().add(memory(alice, MemoryKind.EVENT, "kept", T0));

            int deleted = store().deleteNonCore(alice, List.of(core.id(), event.id()));

            assertThat(deleted).isEqualTo(1);
            assertThat(store().listAll(alice)).containsExactly(core, kept);
        }

        @Test
        void never_deletes_another_persona_s_memory() {
            Memory bobs = store().add(memory(bob, MemoryKind.EVENT, "bob's", T0));

            assertThat(store().deleteNonCore(alice, List.of(bobs.id()))).isZero();
            assertThat(store().find(bobs.id())).contains(bobs);
        }

        @Test
        void deletes_more_ids_than_one_statement_takes() {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 1_500; i++) {
                ids.add(store().add(memory(alice, MemoryKind.EVENT, "m" + i, T0))
                        .id());
            }

            assertThat(store().deleteNonCore(alice, ids)).isEqualTo(1_500);
            assertThat(store().count(alice)).isZero();
        }
    }
}
