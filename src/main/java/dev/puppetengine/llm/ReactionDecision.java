package dev.puppetengine.llm;

import java.util.Objects;

/**
 * How a persona reacts to a post that did not mention it (DESIGN §4.5). The persona's interaction probabilities gate
 * the action afterwards; {@code reason} goes to the decision log.
 */
public record ReactionDecision(Action action, String reason) {

    public enum Action {
        REPLY,
        QUOTE,
        LIKE,
        IGNORE
    }

    public ReactionDecision {
        Objects.requireNonNull(action, "action");
        reason = StructuredValues.requireText(reason, "reason", 500);
    }
}
