package dev.puppetengine.event;

import dev.puppetengine.shared.InvalidInputException;
import java.util.Locale;

/** How urgent an event is (DESIGN §4.4): due events run highest first, and first in, first out within one. */
public enum Priority {
    LOW,
    NORMAL,
    HIGH,
    CRITICAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a wire name; {@code field} names it in the error. */
    public static Priority fromWireName(String name, String field) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "must be one of low, normal, high, critical");
        }
    }
}
