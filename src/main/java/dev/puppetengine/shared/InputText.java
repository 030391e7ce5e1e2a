package dev.puppetengine.shared;

import org.jspecify.annotations.Nullable;

/**
 * The bound on one string that comes from outside (a query parameter, a path variable, a JSON field): at most
 * {@code maxLength} UTF-16 units (as the database and X count), no lone surrogates, no control characters — only
 * multi-line text may hold line breaks ({@code \n}, {@code \r}) and tabs, and one-line text no line separators or bidirectional controls
 * either. {@link #require} refuses a value with an {@link InvalidInputException} naming the field.
 */
public record InputText(int maxLength, boolean multiline) {

    /** Persona ids and other short machine names. */
    public static final InputText IDENTIFIER = new InputText(64, false);

    /** Search text: the memories {@code query}. */
    public static final InputText QUERY = new InputText(1_000, false);

    public InputText {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be positive: " + maxLength);
        }
    }

    /** One line of at most {@code maxLength} units. */
    public static InputText line(int maxLength) {
        return new InputText(maxLength, false);
    }

    /** Text of at most {@code maxLength} units that may hold line breaks and tabs. */
    public static InputText text(int maxLength) {
        return new InputText(maxLength, true);
    }

    /** {@code value} when it fits; otherwise throws naming {@code field} and the reason (never echoing the value). */
    public String require(String field, String value) {
        String problem = problemWith(value);
        if (problem != null) {
            throw new InvalidInputException(field, problem);
        }
        return value;
    }

    /** Like {@link #require}, passing null through. */
    public @Nullable String requireOrNull(String field, @Nullable String value) {
        return value == null ? null : require(field, value);
    }

    /** Why {@code value} breaks this bound, or null when it fits. */
    public @Nullable String problemWith(String value) {
        if (value.length() > maxLength) {
            return "must be at most " + maxLength + " characters (got " + value.length() + ")";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            String found = " (found " + escaped(c) + " at character " + (i + 1) + ")";
            if (Character.isSurrogate(c)) {
                return "must not contain a lone surrogate (" + escaped(c) + " at character " + (i + 1) + ")";
            }
            if (c == '\n' || c == '\r' || c == '\t') {
                if (!multiline) {
                    return "must be one line" + found;
                }
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return "must not contain control characters" + found;
            } else if (!multiline && disguisesLine(c)) {
                return "must not contain line separators or bidirectional controls" + found;
            }
        }
        return null;
    }

    private static boolean disguisesLine(char c) {
        return c == '\u2028'
                || c == '\u2029'
                || c == '\u061c'
                || c == '\u200e'
                || c == '\u200f'
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }

    private static String escaped(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> String.format("\\u%04x", (int) c);
        };
    }
}
