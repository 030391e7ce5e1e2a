package dev.puppetengine.llm;

/**
 * How one interaction moves a relationship (DESIGN §4.2): sentiment and trust by at most ±0.2, familiarity by
 * 0..+0.1. Out-of-range answers are clamped. {@code note} is a short observation, empty when there is none.
 */
public record RelationshipUpdate(double sentimentDelta, double familiarityDelta, double trustDelta, String note) {

    public static final double MAX_SENTIMENT_DELTA = 0.2;
    public static final double MAX_FAMILIARITY_DELTA = 0.1;
    public static final double MAX_TRUST_DELTA = 0.2;

    public RelationshipUpdate {
        sentimentDelta = StructuredValues.clamp(sentimentDelta, -MAX_SENTIMENT_DELTA, MAX_SENTIMENT_DELTA);
        familiarityDelta = StructuredValues.clamp(familiarityDelta, 0, MAX_FAMILIARITY_DELTA);
        trustDelta = StructuredValues.clamp(trustDelta, -MAX_TRUST_DELTA, MAX_TRUST_DELTA);
        note = note == null ? "" : StructuredValues.truncate(note.strip(), 300);
    }
}
