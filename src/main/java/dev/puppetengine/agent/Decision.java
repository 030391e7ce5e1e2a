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

    public enum Kind {
        POST,
        REPLY;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code RESCHEDULED}: too soon, moved; {@code RETRYING}: the network failed transiently. */
    public enum Outcome {
        POSTED,
        SKIPPED,
        RESCHEDULED,
        RETRYING,
        FAILED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Outcome fromWireName(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }
}
