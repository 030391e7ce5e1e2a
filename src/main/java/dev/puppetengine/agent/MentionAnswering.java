package dev.puppetengine.agent;

import dev.puppetengine.agent.PostWriter.Written;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.social.Outbox;
import dev.puppetengine.social.OutboxItem;
import dev.puppetengine.social.Post;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Drafts the reply to a mention (DESIGN §4.5): at most one per mention, ever. The reply is stored in the outbox in
 * the transaction that marks the mention handled and moves the persona's mention cursor; a skipped reply is handled
 * too, with a decision saying why. Sends nothing: {@link Delivery} does.
 */
public final class MentionAnswering {

    private static final Logger log = LoggerFactory.getLogger(MentionAnswering.class);

    private final PersonaStateStore states;
    private final PostWriter writer;
    private final RecentPosts recentPosts;
    private final Outbox outbox;
    private final DecisionLog decisions;
    private final TransactionOperations transactions;
    private final Clock clock;

    public MentionAnswering(
            PersonaStateStore states,
            PostWriter writer,
            RecentPosts recentPosts,
            Outbox outbox,
            DecisionLog decisions,
            TransactionOperations transactions,
            Clock clock) {
        this.states = Objects.requireNonNull(states);
        this.writer = Objects.requireNonNull(writer);
        this.recentPosts = Objects.requireNonNull(recentPosts);
        this.outbox = Objects.requireNonNull(outbox);
        this.decisions = Objects.requireNonNull(decisions);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The idempotency key of the reply to a mention. */
    public static String keyOf(PersonaId personaId, String mentionId) {
        return "reply:" + personaId + ":" + mentionId;
    }

    /**
     * Drafts the persona's reply to {@code mention} and returns the stored outbox item; empty when the mention was
     * handled before or the writer skipped it. The persona's state row exists.
     */
    public Optional<OutboxItem> draftReply(PersonaSpec persona, Post mention) {
        PersonaId id = persona.id();
        if (states.isHandled(id, mention.id())) {
            states.advanceMentionCursor(id, mention.id());
            return Optional.empty();
        }
        String key = keyOf(id, mention.id());
        PersonaState state = states.require(id);
        Written written =
                writer.writeReply(persona, state.mood(), mention, recentPosts.textsOf(id), PostWriter.seedOf(key));
        return switch (written) {
            case PostWriter.Skipped(String reason) -> {
                transactions.executeWithoutResult(tx -> {
                    markHandled(id, mention);
                    decisions.record(new Decision(
                            id, Decision.Kind.REPLY, Decision.Outcome.SKIPPED, reason, mention.id(), clock.instant()));
                });
                log.info("{} skipped a reply to {}: {}", id, mention.id(), reason);
                yield Optional.empty();
            }
            case PostWriter.Text(String text) ->
                Optional.of(Objects.requireNonNull(transactions.execute(tx -> {
                    markHandled(id, mention);
                    return outbox.enqueue(OutboxItem.Draft.reply(id, key, text, mention.id()));
                })));
        };
    }

    private void markHandled(PersonaId id, Post mention) {
        states.markHandled(id, mention.id(), "mention");
        states.advanceMentionCursor(id, mention.id());
    }
}
