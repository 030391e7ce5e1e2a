package dev.puppetengine.event;

import java.util.Locale;

/** {@code PENDING} until every target has handled it; {@code FAILED} once its retries ran out. */
public enum EventStatus {
    PENDING,
    HANDLED,
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventStatus fromWireName(String name) {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
    }
}
