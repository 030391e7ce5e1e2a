package dev.puppetengine.llm;

import org.jspecify.annotations.Nullable;

/** Validation and clamping shared by the structured decision records: model answers are never trusted as is. */
final class StructuredValues {

    private StructuredValues() {}

    static double clamp(double value, double min, double max) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("value must be a number");
        }
        return Math.max(min, Math.min(max, value));
    }

    static String requireText(@Nullable String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be blank");
        }
        return truncate(value.strip(), maxLength);
    }

    static String truncate(String value, int maxLength) {
        return value.length() <= maxLength ? value : value.substring(0, maxLength);
    }
}
