package dev.puppetengine.llm;

import java.util.Objects;

/** What the output policy made of a generated text: a postable text, or a rejection with its reason. */
public sealed interface PolicyOutcome permits PolicyOutcome.Accepted, PolicyOutcome.Rejected {

    /** {@code text} is cleaned and obeys every rule; it may differ from the generated text. */
    record Accepted(String text) implements PolicyOutcome {
        public Accepted {
            if (text.isBlank()) {
                throw new IllegalArgumentException("an accepted text is never blank");
            }
        }
    }

    /** {@code detail} says what was wrong for the log and the decision record; it never quotes a secret. */
    record Rejected(Violation violation, String detail) implements PolicyOutcome {
        public Rejected {
            Objects.requireNonNull(violation);
            Objects.requireNonNull(detail);
        }
    }

    /** Why a text cannot be posted. */
    enum Violation {
        EMPTY,
        REFUSAL,
        LEAKED_PROMPT,
        SECRET,
        TOO_LONG,
        AVOIDED_TERM,
        BANNED_PHRASE,
        TOPIC_TO_AVOID,
        DISCOURAGED_OPENING,
        MENTION,
        DUPLICATE
    }
}
