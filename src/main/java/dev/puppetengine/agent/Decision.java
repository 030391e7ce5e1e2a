package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaId;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One line of the decision log: what a persona decided about a slot or an input, and why. */
public record Decision(
        PersonaId personaId,
        Kind kind,
        Outcome outcome,
        String reason,
        @Nullable String inputRef,
        Instant at) {

    public Decision {
        Objects.requireNonNull(personaId);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(outcome);
        Objects.requireNonNull(at);
        if (reason.length() > 2000) {
            reason = reason.substring(0, 2000);
        }
    }

    /**
     * {@code REACTION}: how a persona reacted to a post that did not mention it (DESIGN §4.5); {@code RELATIONSHIP}:
     * how an interaction moved a relationship; {@code REFLECTION}: memories condensed (DESIGN §4.6); {@code TRADE}: a
     * trading persona's decision at its trading slot (DESIGN §7), a hold too.
     */
    public enum Kind {
        POST,
        REPLY,
        REACTION,
        RELATIONSHIP,
        REFLECTION,
        EVENT,
        TRADE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@code RESCHEDULED}: too soon, moved; {@code RETRYING}: the network failed transiently. A reaction is
     * {@code REPLIED}, {@code QUOTED}, {@code LIKED} or {@code IGNORED}; a relationship or reflection {@code UPDATED};
     * an event {@code HANDLED}. {@code HELD} and {@code REFUSED}: the platform policy stopped the action (DESIGN
     * §6.2). {@code AWAITING_APPROVAL}, {@code APPROVED}, {@code EDITED} (approved with a new text), {@code REJECTED}
     * and {@code EXPIRED}: the steps of a post that waits for a human (the persona's {@code approval} mode). A trade
     * is {@code BOUGHT} or {@code SOLD} (filled, on paper or on chain), {@code REFUSED} by a hard limit, {@code FAILED},
     * {@code HANDLED} (sent, its confirmation pending) or {@code SKIPPED} (the persona holds).
     */
    public enum Outcome {
        POSTED,
        SKIPPED,
        RESCHEDULED,
        RETRYING,
        FAILED,
        REPLIED,
        QUOTED,
        LIKED,
        IGNORED,
        UPDATED,
        HANDLED,
        HELD,
        REFUSED,
        AWAITING_APPROVAL,
        APPROVED,
        EDITED,
        REJECTED,
        EXPIRED,
        BOUGHT,
        SOLD;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Outcome fromWireName(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }
}
