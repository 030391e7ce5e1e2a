package dev.puppetengine.persona;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One finding about a persona file: the file, a JSON pointer into it ({@code ""} for the file as a whole) and the
 * reason. Errors make the file invalid (it is skipped); warnings (unknown keys) do not. Printed on one line as
 * {@code FILE: /json/pointer: reason}, or {@code FILE: reason} for the whole file.
 */
public record PersonaProblem(String file, String pointer, String reason, Severity severity) {

    /** How many characters of a value a message quotes before cutting it with {@code …}. */
    public static final int QUOTED_LENGTH = 80;

    private static final int REASON_LENGTH = 400;
    private static final int POINTER_SEGMENT_LENGTH = QUOTED_LENGTH;

    public enum Severity {
        ERROR,
        WARNING
    }

    public PersonaProblem {
        Objects.requireNonNull(file);
        Objects.requireNonNull(pointer);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(severity);
    }

    public static PersonaProblem error(String file, String pointer, String reason) {
        return new PersonaProblem(file, pointer, reason, Severity.ERROR);
    }

    public static PersonaProblem warning(String file, String pointer, String reason) {
        return new PersonaProblem(file, pointer, reason, Severity.WARNING);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * The problem as one line: {@code FILE: /pointer: reason}, the reason prefixed with {@code warning: }. Control
     * characters are escaped and over-long pointer segments and reasons cut, so the line cannot be mistaken for
     * another one whatever the file holds.
     */
    public String describe() {
        String where = pointer.isEmpty() ? "" : oneLinePointer(pointer) + ": ";
        return oneLine(file) + ": " + where + (isError() ? "" : "warning: ") + cut(oneLine(reason), REASON_LENGTH);
    }

    @Override
    public String toString() {
        return describe();
    }

    /** A value for a message: in quotes, on one line, cut to {@value #QUOTED_LENGTH} characters. */
    public static String quote(String value) {
        return "'" + cut(oneLine(value), QUOTED_LENGTH) + "'";
    }

    /**
     * The text with every character that could break or disguise a line escaped: C0 and C1 controls, DEL, line and
     * paragraph separators, bidirectional overrides and isolates, lone surrogates ({@code \n}, {@code \u001b}, …).
     */
    public static String oneLine(String text) {
        StringBuilder line = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escaped = escape(text, i);
            if (escaped == null) {
                if (line != null) {
                    line.append(c);
                }
                continue;
            }
            if (line == null) {
                line = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            line.append(escaped);
        }
        return line == null ? text : line.toString();
    }

    /** The text cut to at most {@code max} characters (not splitting a surrogate pair), marked with {@code …}. */
    public static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    private static String oneLinePointer(String pointer) {
        if (!pointer.startsWith("/")) {
            return cut(oneLine(pointer), POINTER_SEGMENT_LENGTH);
        }
        StringBuilder line = new StringBuilder(Math.min(pointer.length(), 512));
        for (String segment : pointer.substring(1).split("/", -1)) {
            line.append('/').append(cut(oneLine(segment), POINTER_SEGMENT_LENGTH));
        }
        return line.toString();
    }

    private static @Nullable String escape(String text, int index) {
        char c = text.charAt(index);
        switch (c) {
            case '\n' -> {
                return "\\n";
            }
            case '\r' -> {
                return "\\r";
            }
            case '\t' -> {
                return "\\t";
            }
            default -> {}
        }
        boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
        boolean separator = c == '\u2028' || c == '\u2029';
        boolean bidi = c == '\u061c'
                || c == '\u200e'
                || c == '\u200f'
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
        boolean loneSurrogate = (Character.isHighSurrogate(c)
                        && (index + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(index + 1))))
                || (Character.isLowSurrogate(c) && (index == 0 || !Character.isHighSurrogate(text.charAt(index - 1))));
        if (control || separator || bidi || loneSurrogate) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
