package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaId;
import java.time.Instant;

/**
 * Brings a persona's mentions task forward (DESIGN §6.2): while the cast search covers the persona its task comes
 * back only for its waiting replies or after a long safety interval, so whoever changes that wakes it. Never throws
 * into the caller.
 */
@FunctionalInterface
public interface MentionWakeups {

    /** Wakes nobody (tests, and engines without the persona tasks). */
    MentionWakeups NONE = (persona, at) -> {};

    /**
     * Brings the persona's mentions task forward to {@code at} if it is scheduled later; does nothing when it runs
     * now or is not scheduled.
     */
    void wake(PersonaId persona, Instant at);
}
