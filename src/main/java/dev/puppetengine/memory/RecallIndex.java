package dev.puppetengine.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory recall index of one persona: its core memories, and its other embedded memories as contiguous float
 * rows plus two compact codes. Up to {@code exactLimit} rows a search is exact: int8 codes laid out in column blocks
 * give every row a score with a rigorous error bound, and only rows whose upper bound reaches the k-th best lower
 * bound are rescored from the floats. Above it, 384-bit sign codes give every row an estimated score (the scan reads
 * 48 bytes a row instead of 1.5 KB, which is what keeps 100,000 memories under a few milliseconds on a small
 * machine) and the best thousand are rescored exactly; recall@10 against the exact ranking is measured by
 * {@code RecallBenchmark}. Thread-safe: searches share a read lock, appends take the write lock.
 */
final class RecallIndex {

    static final int BLOCK = 512;
    /** The smallest row capacity: a persona with a handful of memories holds kilobytes, not a whole block. */
    static final int MIN_CAPACITY = 16;

    static final int DEFAULT_EXACT_LIMIT = 20_000;
    private static final int CANDIDATES = 1_000;
    private static final float SLACK = 1e-4f;
    private static final int ROW_OVERHEAD_BYTES = 160;

    private final int dimensions;
    private final int signWords;
    private final int exactLimit;
    private final float[] cosineOfHamming;
    private final float scale;
    private final double tauMillis;
    private final long referenceMillis;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<Long, Integer> rowById = new HashMap<>();
    private final List<Memory> core = new ArrayList<>();

    private int size;
    /** Rows per column block of {@link #codes}: the capacity while it is below {@link #BLOCK}, else BLOCK. */
    private int stride;

    private Memory[] memories;
    private float[] vectors;
    private byte[] codes;
    private long[] signs;
    private float[] residuals;
    private float[] codeNorms;
    private float[] importances;
    private float[] decays;
    private long[] createdMillis;
    private long contentChars;

    /**
     * @param dimensions the embedding dimensions
     * @param maxComponent the largest absolute vector component expected; larger ones are clamped (and bounded)
     * @param tau the recency time constant
     * @param reference the time decays are taken relative to; recency at {@code now} is {@code e^-(now-ref)/τ · decay}
     */
    RecallIndex(int dimensions, float maxComponent, Duration tau, Instant reference, int initialCapacity) {
        this(dimensions, maxComponent, tau, reference, initialCapacity, DEFAULT_EXACT_LIMIT);
    }

    /**
     * @param exactLimit up to this many rows a search is exact; above it, candidates come from sign codes and only
     *     they are scored exactly (approximate: recall@10 is measured by {@code RecallBenchmark})
     */
    RecallIndex(
            int dimensions, float maxComponent, Duration tau, Instant reference, int initialCapacity, int exactLimit) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be positive: " + dimensions);
        }
        this.dimensions = dimensions;
        this.signWords = (dimensions + 63) / 64;
        this.exactLimit = exactLimit;
        this.cosineOfHamming = new float[dimensions + 1];
        for (int h = 0; h <= dimensions; h++) {
            // for random hyperplanes the angle is π·h/d; coordinate signs behave alike for dense embeddings
            cosineOfHamming[h] = (float) Math.cos(Math.PI * h / dimensions);
        }
        this.scale = 127f / Math.max(0.05f, maxComponent);
        this.tauMillis = tau.toMillis();
        this.referenceMillis = reference.toEpochMilli();
        int capacity = capacityFor(initialCapacity);
        stride = Math.min(capacity, BLOCK);
        memories = new Memory[capacity];
        vectors = new float[capacity * dimensions];
        codes = new byte[capacity * dimensions];
        signs = new long[capacity * signWords];
        residuals = new float[capacity];
        codeNorms = new float[capacity];
        importances = new float[capacity];
        decays = new float[capacity];
        createdMillis = new long[capacity];
    }

    int dimensions() {
        return dimensions;
    }

    Instant reference() {
        return Instant.ofEpochMilli(referenceMillis);
    }

    /** Adds a core memory (no embedding needed); a memory already present is ignored. */
    void addCore(Memory memory) {
        lock.writeLock().lock();
        try {
            if (core.stream().noneMatch(m -> m.id() == memory.id())) {
                core.add(memory);
                contentChars += memory.content().length();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Adds or replaces the embedded row of a non-core memory. {@code vector} is copied. */
    void add(Memory memory, float[] vector) {
        if (memory.kind() == MemoryKind.CORE) {
            addCore(memory);
            return;
        }
        if (vector.length != dimensions) {
            throw new IllegalArgumentException(
                    "embedding of memory " + memory.id() + " has " + vector.length + " dimensions, not " + dimensions);
        }
        lock.writeLock().lock();
        try {
            Integer existing = rowById.get(memory.id());
            int row;
            if (existing != null) {
                row = existing;
                contentChars -= memories[row].content().length();
            } else {
                row = size;
                ensureCapacity(size + 1);
                size++;
                rowById.put(memory.id(), row);
            }
            write(row, memory, vector);
            contentChars += memory.content().length();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void write(int row, Memory memory, float[] vector) {
        memories[row] = memory;
        System.arraycopy(vector, 0, vectors, row * dimensions, dimensions);
        int block = row / stride;
        int lane = row % stride;
        double residual = 0;
        double codeNorm = 0;
        for (int d = 0; d < dimensions; d++) {
            int code = Math.round(vector[d] * scale);
            code = Math.max(-127, Math.min(127, code));
            codes[(block * dimensions + d) * stride + lane] = (byte) code;
            double error = vector[d] - code / (double) scale;
            residual += error * error;
            codeNorm += (double) code * code;
        }
        residuals[row] = (float) Math.sqrt(residual);
        int signOffset = row * signWords;
        Arrays.fill(signs, signOffset, signOffset + signWords, 0L);
        for (int d = 0; d < dimensions; d++) {
            if (vector[d] > 0) {
                signs[signOffset + d / 64] |= 1L << (d % 64);
            }
        }
        codeNorms[row] = (float) Math.sqrt(codeNorm);
        importances[row] = (float) memory.importance();
        createdMillis[row] = memory.createdAt().toEpochMilli();
        decays[row] = (float) Math.exp((createdMillis[row] - referenceMillis) / tauMillis);
    }

    private void ensureCapacity(int needed) {
        if (needed <= memories.length) {
            return;
        }
        int capacity = capacityFor(Math.max(needed, memories.length + memories.length / 2));
        int newStride = Math.min(capacity, BLOCK);
        memories = Arrays.copyOf(memories, capacity);
        vectors = Arrays.copyOf(vectors, capacity * dimensions);
        if (newStride == stride) {
            // whole blocks keep their layout; the new ones follow them
            codes = Arrays.copyOf(codes, capacity * dimensions);
        } else {
            codes = relaid(codes, newStride, capacity);
            stride = newStride;
        }
        signs = Arrays.copyOf(signs, capacity * signWords);
        residuals = Arrays.copyOf(residuals, capacity);
        codeNorms = Arrays.copyOf(codeNorms, capacity);
        importances = Arrays.copyOf(importances, capacity);
        decays = Arrays.copyOf(decays, capacity);
        createdMillis = Arrays.copyOf(createdMillis, capacity);
    }

    /** Below a block, the next power of two from {@link #MIN_CAPACITY}; from a block on, whole blocks. */
    private static int capacityFor(int rows) {
        if (rows <= BLOCK) {
            return Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, rows - 1)) << 1);
        }
        return (rows + BLOCK - 1) / BLOCK * BLOCK;
    }

    /** The codes of the current rows laid out with {@code newStride} rows per column block. */
    private byte[] relaid(byte[] old, int newStride, int capacity) {
        byte[] relaid = new byte[capacity * dimensions];
        for (int row = 0; row < size; row++) {
            int oldBase = (row / stride) * dimensions * stride + row % stride;
            int newBase = (row / newStride) * dimensions * newStride + row % newStride;
            for (int d = 0; d < dimensions; d++) {
                relaid[newBase + d * newStride] = old[oldBase + d * stride];
            }
        }
        return relaid;
    }

    /** Number of embedded non-core memories. */
    int size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Heap held by this index, in bytes (an estimate good enough to bound the cache). */
    long weightBytes() {
        lock.readLock().lock();
        try {
            long capacity = memories.length;
            return capacity
                            * (dimensions * (Float.BYTES + 1L)
                                    + signWords * (long) Long.BYTES
                                    + 4L * Float.BYTES
                                    + Long.BYTES
                                    + 8)
                    + (size + core.size()) * (long) ROW_OVERHEAD_BYTES
                    + 2 * contentChars;
        } finally {
            lock.readLock().unlock();
        }
    }

    List<Memory> core() {
        lock.readLock().lock();
        try {
            return List.copyOf(core);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The top {@code k} non-core memories by {@code w_recency·e^(−age/τ) + w_importance·importance +
     * w_relevance·cosine}, best first (ties: newer id first). {@code query} is a unit vector, or null to rank by
     * recency and importance alone.
     */
    List<ScoredMemory> search(float @Nullable [] query, Instant now, RecallWeights weights, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive: " + k);
        }
        if (query != null && query.length != dimensions) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions, not " + dimensions);
        }
        lock.readLock().lock();
        try {
            if (size == 0) {
                return List.of();
            }
            if (query == null || weights.relevance() == 0) {
                return searchWithoutRelevance(now, weights, k);
            }
            return size <= exactLimit
                    ? searchWithRelevance(query, now, weights, k)
                    : searchWithSignCodes(query, now, weights, k);
        } finally {
            lock.readLock().unlock();
        }
    }

    private float[] baseScores(Instant now, RecallWeights weights) {
        float recencyFactor =
                (float) (weights.recency() * Math.exp(-(now.toEpochMilli() - referenceMillis) / tauMillis));
        float importanceWeight = (float) weights.importance();
        int n = size;
        float[] base = new float[n];
        float[] decay = decays;
        float[] importance = importances;
        for (int i = 0; i < n; i++) {
            base[i] = recencyFactor * decay[i] + importanceWeight * importance[i];
        }
        return base;
    }

    private List<ScoredMemory> searchWithoutRelevance(Instant now, RecallWeights weights, int k) {
        float[] base = baseScores(now, weights);
        float threshold = kthLargest(base, k);
        List<ScoredMemory> candidates = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (base[i] + SLACK >= threshold - SLACK) {
                candidates.add(exact(i, null, now, weights));
            }
        }
        return best(candidates, k);
    }

    private List<ScoredMemory> searchWithRelevance(float[] query, Instant now, RecallWeights weights, int k) {
        int d = dimensions;
        float maxAbs = 0;
        double queryNorm = 0;
        for (float q : query) {
            maxAbs = Math.max(maxAbs, Math.abs(q));
            queryNorm += (double) q * q;
        }
        queryNorm = Math.sqrt(queryNorm);
        // codes of q / scale, so that the int dot product with the row codes estimates q·x
        double queryScale = maxAbs == 0 ? 1 : 127.0 * scale / maxAbs;
        int[] queryCodes = new int[d];
        double queryError = 0;
        for (int j = 0; j < d; j++) {
            double scaled = query[j] / (double) scale;
            queryCodes[j] = (int) Math.round(scaled * queryScale);
            double error = scaled - queryCodes[j] / queryScale;
            queryError += error * error;
        }
        queryError = Math.sqrt(queryError);

        float relevance = (float) weights.relevance();
        float[] base = baseScores(now, weights);
        float[] approx = new float[size];
        float[] bound = new float[size];
        int width = stride;
        int[] acc = new int[width];
        byte[] c = codes;
        float toCosine = (float) (1 / queryScale);
        int blocks = (size + width - 1) / width;
        for (int b = 0; b < blocks; b++) {
            Arrays.fill(acc, 0);
            int blockBase = b * d * width;
            for (int j = 0; j < d; j++) {
                int qj = queryCodes[j];
                if (qj == 0) {
                    continue;
                }
                int offset = blockBase + j * width;
                for (int i = 0; i < width; i++) {
                    acc[i] += qj * c[offset + i];
                }
            }
            int first = b * width;
            int rows = Math.min(width, size - first);
            for (int i = 0; i < rows; i++) {
                int row = first + i;
                approx[row] = base[row] + relevance * acc[i] * toCosine;
                bound[row] = relevance * (float) (queryNorm * residuals[row] + queryError * codeNorms[row]) + SLACK;
            }
        }
        float[] lower = new float[size];
        for (int i = 0; i < size; i++) {
            lower[i] = approx[i] - bound[i];
        }
        float threshold = kthLargest(lower, k);
        List<ScoredMemory> candidates = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (approx[i] + bound[i] >= threshold) {
                candidates.add(exact(i, query, now, weights));
            }
        }
        return best(candidates, k);
    }

    private ScoredMemory exact(int row, float @Nullable [] query, Instant now, RecallWeights weights) {
        double cosine = 0;
        if (query != null) {
            int offset = row * dimensions;
            for (int j = 0; j < dimensions; j++) {
                cosine += (double) query[j] * vectors[offset + j];
            }
        }
        double ageMillis = now.toEpochMilli() - createdMillis[row];
        double recency = Math.exp(-ageMillis / tauMillis);
        double score = weights.recency() * recency
                + weights.importance() * memories[row].importance()
                + weights.relevance() * cosine;
        return new ScoredMemory(memories[row], score, recency, cosine);
    }

    /**
     * The approximate path for large indexes: scores every row with the cosine estimated from the Hamming distance
     * of sign codes (48 bytes a row for 384 dimensions, so the scan stays in cache), then scores exactly the best
     * {@code max(CANDIDATES, 50·k)} rows.
     */
    private List<ScoredMemory> searchWithSignCodes(float[] query, Instant now, RecallWeights weights, int k) {
        long[] querySigns = new long[signWords];
        for (int d = 0; d < dimensions; d++) {
            if (query[d] > 0) {
                querySigns[d / 64] |= 1L << (d % 64);
            }
        }
        float relevance = (float) weights.relevance();
        float[] cosine = new float[dimensions + 1];
        for (int h = 0; h <= dimensions; h++) {
            cosine[h] = relevance * cosineOfHamming[h];
        }
        float[] approx = baseScores(now, weights);
        long[] rowSigns = signs;
        int words = signWords;
        for (int i = 0; i < size; i++) {
            int offset = i * words;
            int hamming = 0;
            for (int w = 0; w < words; w++) {
                hamming += Long.bitCount(rowSigns[offset + w] ^ querySigns[w]);
            }
            approx[i] += cosine[hamming];
        }
        int candidates = Math.min(size, Math.max(CANDIDATES, 50 * k));
        float threshold = kthLargestBySelection(approx, candidates);
        List<ScoredMemory> scored = new ArrayList<>(candidates + 16);
        for (int i = 0; i < size; i++) {
            if (approx[i] >= threshold) {
                scored.add(exact(i, query, now, weights));
            }
        }
        return best(scored, k);
    }

    /** The k-th largest value, by quickselect on a copy. */
    private static float kthLargestBySelection(float[] values, int k) {
        float[] a = values.clone();
        int target = k - 1;
        int left = 0;
        int right = a.length - 1;
        var random = new java.util.SplittableRandom(a.length);
        while (left < right) {
            float pivot = a[left + random.nextInt(right - left + 1)];
            int i = left;
            int j = right;
            while (i <= j) {
                while (a[i] > pivot) {
                    i++;
                }
                while (a[j] < pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (target <= j) {
                right = j;
            } else if (target >= i) {
                left = i;
            } else {
                return a[target];
            }
        }
        return a[target];
    }

    private static float kthLargest(float[] values, int k) {
        if (values.length <= k) {
            float min = Float.POSITIVE_INFINITY;
            for (float v : values) {
                min = Math.min(min, v);
            }
            return min;
        }
        var heap = new PriorityQueue<Float>(k + 1);
        for (float v : values) {
            if (heap.size() < k) {
                heap.add(v);
            } else if (v > heap.element()) {
                heap.poll();
                heap.add(v);
            }
        }
        return heap.element();
    }

    private static List<ScoredMemory> best(List<ScoredMemory> candidates, int k) {
        return candidates.stream().sorted(RANKING).limit(k).toList();
    }

    static final Comparator<ScoredMemory> RANKING = Comparator.comparingDouble(ScoredMemory::score)
            .reversed()
            .thenComparing(
                    Comparator.comparingLong((ScoredMemory s) -> s.memory().id())
                            .reversed());
}
