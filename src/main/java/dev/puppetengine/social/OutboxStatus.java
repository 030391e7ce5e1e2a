package dev.puppetengine.social;

import java.util.Locale;

/**
 * Where an outbox item is in its life: {@code PENDING} stored, not yet sent; {@code DISPATCHING} being sent (or the
 * process died while sending — reconciled before any resend); {@code POSTED} the network has it; {@code FAILED} the
 * network refused it for good.
 */
public enum OutboxStatus {
    PENDING,
    DISPATCHING,
    POSTED,
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OutboxStatus fromWireName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
