package dev.puppetengine.memory;

import dev.puppetengine.persona.PersonaId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recall top-10 over the memories of one persona (issue 5, Done-when 3): the in-memory index, scored by the full
 * formula with equal weights. Vectors are 384-d unit vectors clustered around 1,000 topics (cosine about 0.6 to
 * their topic, like sentence embeddings of one persona's memories); queries come from random topics. The setup
 * checks every query's result against a brute-force exact top-10 in double precision, prints recall@10 and the heap
 * the index takes, and fails below recall@10 = 0.98. Run: {@code ./puppet bench RecallBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgs = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RecallBenchmark {

    private static final int DIMENSIONS = 384;
    private static final int TOPICS = 1_000;
    private static final int QUERIES = 200;
    private static final int CHECKED_QUERIES = 100;
    private static final int K = 10;
    private static final Duration TAU = Duration.ofDays(7);
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final PersonaId PERSONA = PersonaId.of("bench");

    @Param("100000")
    int memories;

    private RecallIndex index = new RecallIndex(DIMENSIONS, 0.35f, TAU, NOW, 0);
    private float[][] queries = new float[0][];
    private int next;

    @Setup(Level.Trial)
    public void build() {
        var random = new Random(42);
        float[][] topics = new float[TOPICS][];
        for (int t = 0; t < TOPICS; t++) {
            topics[t] = noisy(new float[DIMENSIONS], 1, random);
        }
        int[] topicOf = new int[memories];
        float[][] vectors = new float[memories][];
        for (int i = 0; i < memories; i++) {
            topicOf[i] = random.nextInt(TOPICS);
            vectors[i] = noisy(topics[topicOf[i]], 0.068f, random);
        }
        // the index copies the vectors, so only the index and its memories grow the heap from here
        long heapBefore = usedHeap();
        index = new RecallIndex(DIMENSIONS, 0.35f, TAU, NOW, memories);
        List<Memory> rows = new ArrayList<>(memories);
        for (int i = 0; i < memories; i++) {
            var memory = new Memory(
                    i + 1,
                    PERSONA,
                    MemoryKind.EVENT,
                    "Memory " + i + " about topic " + topicOf[i]
                            + ", roughly as long as a post or an event summary is.",
                    random.nextDouble(),
                    0,
                    NOW.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 90))),
                    List.of(),
                    null);
            index.add(memory, vectors[i]);
            rows.add(memory);
        }
        long heapAfter = usedHeap();
        queries = new float[QUERIES][];
        for (int q = 0; q < QUERIES; q++) {
            queries[q] = noisy(topics[random.nextInt(TOPICS)], 0.068f, random);
        }
        double recall = IntStream.range(0, CHECKED_QUERIES)
                .parallel()
                .mapToDouble(q -> overlap(exactTop(rows, vectors, queries[q]), search(queries[q])))
                .average()
                .orElse(0);
        System.out.printf(
                "%nrecall index: %,d memories, heap %.0f MB measured (index and memories), %.0f MB estimated by the cache weigher,"
                        + " recall@%d vs exact brute force = %.4f%n",
                memories, (heapAfter - heapBefore) / 1e6, index.weightBytes() / 1e6, K, recall);
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 3; warm++) {
            for (float[] query : queries) {
                index.search(query, NOW, RecallWeights.EQUAL, K);
            }
        }
        long cpuBefore = threads.getCurrentThreadCpuTime();
        for (float[] query : queries) {
            index.search(query, NOW, RecallWeights.EQUAL, K);
        }
        System.out.printf(
                "recall index: CPU time per recall %.2f ms (what the wall time is on an idle core)%n",
                (threads.getCurrentThreadCpuTime() - cpuBefore) / 1e6 / QUERIES);
        if (recall < 0.98) {
            throw new IllegalStateException("recall@10 below 0.98: " + recall);
        }
    }

    @Benchmark
    public List<ScoredMemory> recallTop10() {
        float[] query = queries[next];
        next = (next + 1) % queries.length;
        return index.search(query, NOW, RecallWeights.EQUAL, K);
    }

    private Set<Long> search(float[] query) {
        Set<Long> ids = new HashSet<>();
        index.search(query, NOW, RecallWeights.EQUAL, K)
                .forEach(s -> ids.add(s.memory().id()));
        return ids;
    }

    private static Set<Long> exactTop(List<Memory> rows, float[][] vectors, float[] query) {
        double[] scores = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double cosine = 0;
            for (int d = 0; d < DIMENSIONS; d++) {
                cosine += (double) query[d] * vectors[i][d];
            }
            Memory memory = rows.get(i);
            double age = NOW.toEpochMilli() - memory.createdAt().toEpochMilli();
            scores[i] = Math.exp(-age / TAU.toMillis()) + memory.importance() + cosine;
        }
        Set<Long> top = new HashSet<>();
        IntStream.range(0, rows.size())
                .boxed()
                .sorted((a, b) -> Double.compare(scores[b], scores[a]))
                .limit(K)
                .forEach(i -> top.add(rows.get(i).id()));
        return top;
    }

    private static double overlap(Set<Long> exact, Set<Long> found) {
        Set<Long> common = new HashSet<>(exact);
        common.retainAll(found);
        return common.size() / (double) exact.size();
    }

    private static float[] noisy(float[] center, float sigma, Random random) {
        float[] v = new float[DIMENSIONS];
        double norm = 0;
        for (int d = 0; d < DIMENSIONS; d++) {
            v[d] = center[d] + sigma * (float) random.nextGaussian();
            norm += (double) v[d] * v[d];
        }
        float inverse = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < DIMENSIONS; d++) {
            v[d] *= inverse;
        }
        return v;
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Runs this benchmark alone: {@code java -cp <test classpath> dev.puppetengine.memory.RecallBenchmark}. */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(new String[] {RecallBenchmark.class.getName()});
    }
}
