package dev.puppetengine.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecallIndexTest {

    private static final PersonaId ALICE = PersonaId.of("alice");
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration TAU = Duration.ofDays(7);
    private static final int DIMENSIONS = 64;

    private final Random random = new Random(7);

    private Memory memory(long id, MemoryKind kind, double importance, Instant at) {
        return new Memory(id, ALICE, kind, "memory " + id, importance, 0, at, List.of(), null);
    }

    private float[] unitVector() {
        float[] v = new float[DIMENSIONS];
        double norm = 0;
        for (int i = 0; i < DIMENSIONS; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < DIMENSIONS; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    private record Row(Memory memory, float[] vector) {}

    private List<Row> fill(RecallIndex index, int count) {
        return fill(index, count, 1);
    }

    private List<Row> fill(RecallIndex index, int count, int firstId) {
        List<Row> rows = new ArrayList<>();
        for (int i = firstId; i < firstId + count; i++) {
            Instant at = NOW.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 60)));
            Row row = new Row(memory(i, MemoryKind.EVENT, random.nextDouble(), at), unitVector());
            index.add(row.memory(), row.vector());
            rows.add(row);
        }
        return rows;
    }

    private static List<Long> bruteForce(List<Row> rows, float @Nullable [] query, RecallWeights w, int k) {
        return rows.stream()
                .sorted(Comparator.comparingDouble((Row r) -> -score(r, query, w))
                        .thenComparing(r -> -r.memory().id()))
                .limit(k)
                .map(r -> r.memory().id())
                .toList();
    }

    private static double score(Row row, float @Nullable [] query, RecallWeights w) {
        double cosine = 0;
        if (query != null) {
            for (int i = 0; i < query.length; i++) {
                cosine += (double) query[i] * row.vector()[i];
            }
        }
        double age = NOW.toEpochMilli() - row.memory().createdAt().toEpochMilli();
        return w.recency() * Math.exp(-age / TAU.toMillis())
                + w.importance() * row.memory().importance()
                + w.relevance() * cosine;
    }

    private static List<Long> ids(List<ScoredMemory> scored) {
        return scored.stream().map(s -> s.memory().id()).toList();
    }

    @Nested
    class Ranking {

        @ParameterizedTest
        @CsvSource({"1, 1, 1", "0, 0, 1", "1, 0, 0", "0, 1, 0", "0.2, 0.5, 3", "2, 0.1, 0.5"})
        void returns_exactly_the_brute_force_top_k(double recency, double importance, double relevance) {
            var index = new RecallIndex(DIMENSIONS, 0.35f, TAU, NOW.minus(Duration.ofDays(3)), 0);
            List<Row> rows = fill(index, 3_000);
            var weights = new RecallWeights(recency, importance, relevance);

            for (int q = 0; q < 20; q++) {
                float[] query = unitVector();
                assertThat(ids(index.search(query, NOW, weights, 10))).isEqualTo(bruteForce(rows, query, weights, 10));
            }
        }

        @Test
        void ranks_by_recency_and_importance_without_a_query() {
            var index = new RecallIndex(DIMENSIONS, 0.35f, TAU, NOW, 0);
            List<Row> rows = fill(index, 1_000);

            assertThat(ids(index.search(null, NOW, RecallWeights.EQUAL, 5)))
                    .isEqualTo(bruteForce(rows, null, RecallWeights.EQUAL, 5));
        }

        @Test
        void reports_the_score_and_its_parts() {
            var index = new RecallIndex(DIMENSIONS, 0.35f, TAU, NOW, 0);
            float[] vector = unitVector();
            index.add(memory(1, MemoryKind.EVENT, 0.5, NOW.minus(TAU)), vector);

            ScoredMemory scored =
                    index.search(vector, NOW, RecallWeights.EQUAL, 1).getFirst();

            assertThat(scored.recency()).isCloseTo(Math.exp(-1), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(scored.cosine()).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(scored.score()).isCloseTo(Math.exp(-1) + 0.5 + 1, org.assertj.core.data.Offset.offset(1e-6));
        }

        @Test
        void stays_exact_for_components_beyond_the_expected_range() {
            var index = new RecallIndex(DIMENSIONS, 0.05f, TAU, NOW, 0);
            List<Row> rows = fill(index, 2_000);
            float[] query = unitVector();

            assertThat(ids(index.search(query, NOW, RecallWeights.EQUAL, 10)))
                    .isEqualTo(bruteForce(rows, query, RecallWeights.EQUAL, 10));
        }
    }

    @Nested
    class LargeIndexes {

        private float[] near(float[] center, float sigma) {
            float[] v = new float[DIMENSIONS];
            double norm = 0;
            for (int i = 0; i < DIMENSIONS; i++) {
                v[i] = center[i] + sigma * (float) random.nextGaussian();
                norm += v[i] * v[i];
            }
            for (int i = 0; i < DIMENSIONS; i++) {
                v[i] /= (float) Math.sqrt(norm);
            }
            return v;
        }

        @Test
        void sign_code_candidates_find_at_least_98_percent_of_the_exact_top_10() {
            var index = new RecallIndex(DIMENSIONS, 0.35f, TAU, NOW, 0, 0);
            List<float[]> topics = new ArrayList<>();
            for (int t = 0; t < 200; t++) {
                topics.add(unitVector());
            }
            List<Row> rows = new ArrayList<>();
            for (int i = 1; i <= 20_000; i++) {
                Instant at = NOW.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 90)));
                var row = new Row(
                        memory(i, MemoryKind.EVENT, random.nextDouble(), at),
                        near(topics.get(random.nextInt(topics.size())), 0.14f));
                index.add(row.memory(), row.vector());
                rows.add(row);
            }

            int found = 0;
            for (int q = 0; q < 50; q++) {
                float[] query = near(topics.get(random.nextInt(topics.size())), 0.14f);
                List<Long> exact = bruteForce(rows, query, RecallWeights.EQUAL, 10);
                found += (int) ids(index.search(query, NOW, RecallWeights.EQUAL, 10)).stream()
                        .filter(exact::contains)
                        .count();
            }

            assertThat(found / 500.0).isGreaterThanOrEqualTo(0.98);
        }
    }

    @Nested
    class Contents {

        @Test
        void keeps_core_memories_apart_from_the_ranked_ones() {
            var index = new RecallIndex(DIMENSIONS, 0.35f, TAU, NOW, 0);
            Memory core = memory(1, MemoryKind.CORE, 1, NOW);
            index.add(core, unitVector());
            index.add(memory(2, MemoryKind.EVENT, 0.1, NOW), unitVector());

            assertThat(index.core()).containsExactly(core);
            assertThat(ids(index.search(unitVector(), NOW, RecallWeights.EQUAL, 10)))
                    .containsExactly(2L);
        }

        @Test
        void adding_a_memory_again_replaces_it() {
            var index = new RecallIndex(DIMENSIONS, 0.35f, TAU, NOW, 0);
            float[] vector = unitVector();
            index.add(memory(1, MemoryKind.EVENT, 0.1, NOW), unitVector());
            index.add(memory(1, MemoryKind.EVENT, 0.1, NOW), vector);

            assertThat(index.size()).isEqualTo(1);
            assertThat(index.search(vector, NOW, RecallWeights.EQUAL, 1)
                            .getFirst()
                            .cosine())
                    .isCloseTo(1, org.assertj.core.data.Offset.offset(1e-6));
        }

        @Test
        void grows_past_its_initial_capacity_and_weighs_more() {
            var index = new RecallIndex(DIMENSIONS, 0.35f, TAU, NOW, 0);
            long empty = index.weightBytes();
            List<Row> rows = fill(index, 3 * RecallIndex.BLOCK + 5);
            float[] query = unitVector();

            assertThat(index.size()).isEqualTo(rows.size());
            assertThat(index.weightBytes()).isGreaterThan(empty);
            assertThat(ids(index.search(query, NOW, RecallWeights.EQUAL, 3)))
                    .isEqualTo(bruteForce(rows, query, RecallWeights.EQUAL, 3));
        }

        @Test
        void stays_exact_while_it_grows_row_by_row_through_small_capacities_and_whole_blocks() {
            var index = new RecallIndex(DIMENSIONS, 0.35f, TAU, NOW, 0);
            List<Row> rows = new ArrayList<>();
            List<Integer> checks = List.of(1, 15, 16, 17, 33, 255, 256, 257, 511, 512, 513, 1025);
            for (int size : checks) {
                List<Row> added = fill(index, size - rows.size(), rows.size() + 1);
                rows.addAll(added);
                float[] query = unitVector();

                assertThat(index.size()).as("size").isEqualTo(size);
                assertThat(ids(index.search(query, NOW, RecallWeights.EQUAL, 5)))
                        .as("top 5 of %d rows", size)
                        .isEqualTo(bruteForce(rows, query, RecallWeights.EQUAL, 5));
            }
        }

        @Test
        void a_small_index_weighs_kilobytes_not_a_whole_block() {
            var index = new RecallIndex(DIMENSIONS, 0.35f, TAU, NOW, 0);
            fill(index, 10);

            // 16 rows of 384 floats, 384 codes and 6 sign words, far below a 512-row block (about 1 MB)
            assertThat(index.weightBytes()).isLessThan(64 * 1024);
        }

        @Test
        void an_empty_index_recalls_nothing() {
            var index = new RecallIndex(DIMENSIONS, 0.35f, TAU, NOW, 0);

            assertThat(index.search(unitVector(), NOW, RecallWeights.EQUAL, 10)).isEmpty();
        }
    }
}
