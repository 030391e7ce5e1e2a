package dev.puppetengine.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.llm.CallSampling;
import dev.puppetengine.llm.LanguageModels;
import dev.puppetengine.llm.ScriptedLanguageModel;
import dev.puppetengine.llm.StructuredDecisions;
import dev.puppetengine.llm.TestPersonas;
import dev.puppetengine.llm.offline.OfflineComposer;
import dev.puppetengine.persona.OnePersonaCatalog;
import dev.puppetengine.persona.PersonaSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ReflectionTest {

    private final PersonaSpec ada = TestPersonas.persona("ada").build();
    private final MemoryFixture memory =
            MemoryFixture.onH2(new HashingEmbedder(384), MemoryProperties.DEFAULTS.withReflectionThreshold(5));
    private final Reflection reflection = newReflection();

    /** A Reflection on the test's store, as a restarted process would make one. */
    private Reflection newReflection() {
        return new Reflection(
                memory.store,
                memory.bank,
                memory.properties,
                new StructuredDecisions(LanguageModels.offlineOnly(new OfflineComposer())),
                CallSampling.defaultsOnly(),
                new OnePersonaCatalog(ada));
    }

    private void remember(int count) {
        for (int i = 0; i < count; i++) {
            memory.bank.remember(ada.id(), MemoryKind.EVENT, "watched the octopus tank " + i, 0.5, 0.2, List.of());
            memory.clock.advance(Duration.ofMinutes(5));
        }
    }

    @Test
    void waits_for_enough_new_memories() {
        remember(4);

        assertThat(reflection.isDue(ada.id())).isFalse();
        assertThat(reflection.runOnce()).isEmpty();
    }

    @Test
    void condenses_the_new_memories_into_one_to_three_reflections_naming_their_sources() {
        remember(5);

        List<Memory> reflections = reflection.runOnce();

        assertThat(reflections).hasSizeBetween(1, 3).allSatisfy(r -> {
            assertThat(r.kind()).isEqualTo(MemoryKind.REFLECTION);
            assertThat(r.sourceIds()).hasSize(5).allMatch(s -> s.startsWith("memory:"));
        });
        assertThat(memory.store.listByKind(ada.id(), MemoryKind.REFLECTION)).hasSameSizeAs(reflections);
    }

    @Test
    void does_not_reflect_twice_on_the_same_memories() {
        remember(5);
        reflection.runOnce();

        assertThat(reflection.isDue(ada.id())).isFalse();
        assertThat(reflection.runOnce()).isEmpty();

        remember(5);
        assertThat(reflection.runOnce()).isNotEmpty();
    }

    @Test
    void two_threads_reflecting_one_persona_reflect_its_memories_once() throws Exception {
        remember(5);
        var start = new CountDownLatch(1);
        List<Future<List<Memory>>> results = new ArrayList<>();

        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < 2; i++) {
                results.add(threads.submit(() -> {
                    start.await();
                    return reflection.reflectIfDue(ada);
                }));
            }
            start.countDown();
            List<List<Memory>> stored = new ArrayList<>();
            for (Future<List<Memory>> result : results) {
                stored.add(result.get());
            }

            assertThat(stored).filteredOn(r -> !r.isEmpty()).hasSize(1);
        }
        assertThat(memory.store.listByKind(ada.id(), MemoryKind.REFLECTION))
                .hasSizeBetween(1, 3)
                .extracting(Memory::sourceIds)
                .containsOnly(memory.store
                        .listByKind(ada.id(), MemoryKind.REFLECTION)
                        .getFirst()
                        .sourceIds());
        assertThat(reflection.isDue(ada.id())).isFalse();
    }

    @Test
    void a_new_reflection_reads_the_watermark_left_by_an_earlier_one() {
        remember(5);
        reflection.runOnce();
        remember(3);
        Reflection restarted = newReflection();

        assertThat(restarted.isDue(ada.id())).isFalse();
        remember(2);
        assertThat(restarted.runOnce())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.sourceIds()).hasSize(5));
    }

    @Test
    void recall_returns_reflection_memories() {
        remember(5);
        List<Memory> reflections = reflection.runOnce();
        memory.pipeline.embedPending();

        List<Memory> recalled =
                memory.recall.recall(ada.id(), reflections.getFirst().content(), 3);

        assertThat(recalled.getFirst()).isEqualTo(reflections.getFirst());
    }

    @Test
    void postpones_the_reflection_when_the_model_answers_malformed_twice() {
        Reflection malformed = new Reflection(
                memory.store,
                memory.bank,
                memory.properties,
                new StructuredDecisions(LanguageModels.offlineOnly(
                        new ScriptedLanguageModel(List.of("I reflect deeply.", "still not json")))),
                CallSampling.defaultsOnly(),
                new OnePersonaCatalog(ada));
        remember(5);

        assertThat(malformed.reflectIfDue(ada)).isEmpty();

        assertThat(memory.store.listByKind(ada.id(), MemoryKind.REFLECTION)).isEmpty();
        assertThat(malformed.isDue(ada.id())).isTrue();
    }
}
