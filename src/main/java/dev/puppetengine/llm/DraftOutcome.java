package dev.puppetengine.llm;

import java.util.List;
import java.util.Objects;

/**
 * The result of drafting a post: a text that passed the output policy, or a skip with its reason. Both carry every
 * generation made on the way, for usage accounting and the decision log.
 */
public sealed interface DraftOutcome permits DraftOutcome.Drafted, DraftOutcome.Skipped {

    List<Generation> generations();

    /** {@code text} obeys the output policy; {@code attempts} counts generations, 1 when the first one passed. */
    record Drafted(String text, int attempts, List<Generation> generations) implements DraftOutcome {
        public Drafted {
            Objects.requireNonNull(text);
            generations = List.copyOf(generations);
        }
    }

    /** Every attempt was rejected (or generation was not allowed); {@code rejections} lists why, in order. */
    record Skipped(String reason, List<PolicyOutcome.Rejected> rejections, List<Generation> generations)
            implements DraftOutcome {
        public Skipped {
            Objects.requireNonNull(reason);
            rejections = List.copyOf(rejections);
            generations = List.copyOf(generations);
        }
    }
}
