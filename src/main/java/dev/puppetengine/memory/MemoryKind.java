package dev.puppetengine.memory;

import java.util.Locale;

/** DESIGN §4.6. Core memories are always in the prompt and never dropped by retention. */
public enum MemoryKind {
    CORE,
    EVENT,
    INTERACTION,
    POST,
    REFLECTION,
    GENERAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MemoryKind fromWireName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
