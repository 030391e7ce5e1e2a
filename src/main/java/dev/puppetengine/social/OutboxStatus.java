package dev.puppetengine.social;

import java.util.Locale;

/**
 * Where an outbox item is in its life: {@code PENDING} stored, not yet sent (or certainly not received: waiting for its
 * next attempt); {@code DISPATCHING} being sent, or sent without an answer (the process died, a timeout, a 5xx) —
 * looked up on the network before any resend; {@code POSTED} the network has it; {@code FAILED} the network refused it
 * for good; {@code EXPIRED} it waited undelivered too long and was dropped unsent; {@code HELD} the platform policy
 * kept it back (a reply before {@code puppet.x.ai-replies-approved}): stored as a preview, never sent; {@code REFUSED}
 * the platform policy refused it ({@link PlatformPolicy}): never sent; {@code AWAITING_APPROVAL} the persona's
 * approval mode keeps it for a human ({@link ApprovalGate}): approved it becomes pending, rejected {@code REJECTED}
 * (never sent), left too long {@code EXPIRED}.
 */
public enum OutboxStatus {
    PENDING,
    DISPATCHING,
    POSTED,
    FAILED,
    EXPIRED,
    HELD,
    REFUSED,
    AWAITING_APPROVAL,
    REJECTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OutboxStatus fromWireName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
