package dev.puppetengine.persona;

import java.util.regex.Pattern;

/** A persona's stable identity: database keys, env var suffixes. Lowercase, {@code [a-z0-9][a-z0-9-_]{0,63}}. */
public record PersonaId(String value) implements Comparable<PersonaId> {

    public static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9-_]{0,63}");

    public PersonaId {
        if (!PATTERN.matcher(value).matches()) {
            throw new IllegalArgumentException("persona id must match " + PATTERN.pattern() + ": '" + value + "'");
        }
    }

    public static PersonaId of(String value) {
        return new PersonaId(value);
    }

    /** The id as an environment variable suffix: upper case, dashes as underscores. */
    public String envSuffix() {
        return value.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    @Override
    public int compareTo(PersonaId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
