package dev.puppetengine.memory;

/** The weights of the recall score (DESIGN §4.6); each is finite and non-negative. */
public record RecallWeights(double recency, double importance, double relevance) {

    public static final RecallWeights EQUAL = new RecallWeights(1, 1, 1);

    public RecallWeights {
        requireWeight("recency", recency);
        requireWeight("importance", importance);
        requireWeight("relevance", relevance);
    }

    private static void requireWeight(String name, double weight) {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException(name + " weight must be finite and >= 0: " + weight);
        }
    }
}
