package dev.puppetengine.llm;

/**
 * What a persona takes from an event (DESIGN §4.4): the memory text, its importance in [0, 1] and the mood shifts,
 * each clamped to [−0.5, 0.5].
 */
public record MemoryUpdate(
        String memory, double importance, double valenceShift, double arousalShift, double dominanceShift) {

    public static final double MAX_SHIFT = 0.5;

    public MemoryUpdate {
        memory = StructuredValues.requireText(memory, "memory", 1000);
        importance = StructuredValues.clamp(importance, 0, 1);
        valenceShift = StructuredValues.clamp(valenceShift, -MAX_SHIFT, MAX_SHIFT);
        arousalShift = StructuredValues.clamp(arousalShift, -MAX_SHIFT, MAX_SHIFT);
        dominanceShift = StructuredValues.clamp(dominanceShift, -MAX_SHIFT, MAX_SHIFT);
    }
}
