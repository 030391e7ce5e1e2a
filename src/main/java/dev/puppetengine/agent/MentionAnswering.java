package dev.puppetengine.agent;

import dev.puppetengine.agent.PostWriter.Written;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.social.Outbox;
import dev.puppetengine.social.OutboxItem;
import dev.puppetengine.social.OutboxStatus;
import dev.puppetengine.social.PlatformPolicy;
import dev.puppetengine.social.Post;
import dev.puppetengine.social.SocialNetwork;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Drafts the reply to a mention (DESIGN §4.5): at most one per mention, ever. The reply sees the thread above the
 * mention and the relationship with its author; it is stored in the outbox in the transaction that marks the mention
 * handled, moves the persona's mention cursor and counts the persona's turn in the conversation. A mention the
 * platform policy would not let it answer (an opt-out, a held reply without preview) is handled without drafting. A mention from
 * another persona past the turn cap, or a skipped reply, is handled too, with a decision saying why. After a reply
 * the relationship with the author is updated. Sends nothing: {@link Delivery} does.
 */
public final class MentionAnswering {

    private static final Logger log = LoggerFactory.getLogger(MentionAnswering.class);

    private final PersonaStateStore states;
    private final PostWriter writer;
    private final RecentPosts recentPosts;
    private final Outbox outbox;
    private final DecisionLog decisions;
    private final TransactionOperations transactions;
    private final PersonaHealth health;
    private final Conversations conversations;
    private final Clock clock;

    public MentionAnswering(
            PersonaStateStore states,
            PostWriter writer,
            RecentPosts recentPosts,
            Outbox outbox,
            DecisionLog decisions,
            TransactionOperations transactions,
            PersonaHealth health,
            Conversations conversations,
            Clock clock) {
        this.states = Objects.requireNonNull(states);
        this.writer = Objects.requireNonNull(writer);
        this.recentPosts = Objects.requireNonNull(recentPosts);
        this.outbox = Objects.requireNonNull(outbox);
        this.decisions = Objects.requireNonNull(decisions);
        this.transactions = Objects.requireNonNull(transactions);
        this.health = Objects.requireNonNull(health);
        this.conversations = Objects.requireNonNull(conversations);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The idempotency key of the reply to a mention. */
    public static String keyOf(PersonaId personaId, String mentionId) {
        return "reply:" + personaId + ":" + mentionId;
    }

    /** What became of a mention. */
    public sealed interface Reply permits Queued, NotNeeded, Postponed {}

    /** The reply is in the outbox, ready to send. */
    public record Queued(OutboxItem item) implements Reply {}

    /** Handled before, or the writer skipped it (with a decision): no reply, ever. */
    public record NotNeeded() implements Reply {}

    /** Not answered yet (the model failed): still unhandled, answered by a later check. */
    public record Postponed(String reason) implements Reply {}

    /**
     * Drafts the persona's reply to {@code mention}, read from {@code network} where the persona is
     * {@code ownAccountId}. The persona's state row exists.
     */
    public Reply draftReply(PersonaSpec persona, Post mention, SocialNetwork network, String ownAccountId) {
        PersonaId id = persona.id();
        if (states.isHandled(id, mention.id())) {
            states.advanceMentionCursor(id, mention.id());
            return new NotNeeded();
        }
        conversations.remember(mention);
        Optional<String> capped = conversations.findCapReached(id, mention);
        if (capped.isPresent()) {
            transactions.executeWithoutResult(tx -> {
                markHandled(id, mention);
                decide(id, Decision.Outcome.SKIPPED, capped.get(), mention);
            });
            log.info("{} does not answer {}: {}", id, mention.id(), capped.get());
            return new NotNeeded();
        }
        Optional<PlatformPolicy.Stop> stop = outbox.screenReply(id, mention);
        if (stop.isPresent()) {
            transactions.executeWithoutResult(tx -> {
                markHandled(id, mention);
                decide(
                        id,
                        stop.get().status() == OutboxStatus.HELD ? Decision.Outcome.HELD : Decision.Outcome.REFUSED,
                        stop.get().reason(),
                        mention);
            });
            log.info("{} does not answer {}: {}", id, mention.id(), stop.get().reason());
            return new NotNeeded();
        }
        String key = keyOf(id, mention.id());
        PersonaState state = states.require(id);
        Written written;
        try {
            PostWriter.ReplyContext context = conversations.contextOf(persona, ownAccountId, mention, network);
            written =
                    writer.writeReply(persona, state.mood(), context, recentPosts.textsOf(id), PostWriter.seedOf(key));
        } catch (ExternalServiceException e) {
            String reason = (e instanceof ExternalServiceException.Transient
                            ? "the model is unavailable: "
                            : "the model refused the call: ")
                    + e.getMessage();
            if (e instanceof ExternalServiceException.Transient) {
                health.modelFailed(id, e);
            } else {
                log.warn("{} could not write a reply to {}: {}", id, mention.id(), e.getMessage());
            }
            return postpone(id, mention, reason);
        }
        health.modelSucceeded(id);
        return switch (written) {
            case PostWriter.Skipped(String reason) -> {
                transactions.executeWithoutResult(tx -> {
                    markHandled(id, mention);
                    decide(id, Decision.Outcome.SKIPPED, reason, mention);
                });
                log.info("{} skipped a reply to {}: {}", id, mention.id(), reason);
                yield new NotNeeded();
            }
            case PostWriter.Text(String text) -> {
                OutboxItem item = Objects.requireNonNull(transactions.execute(tx -> {
                    markHandled(id, mention);
                    conversations.countReply(id, mention);
                    return outbox.enqueue(OutboxItem.Draft.reply(id, key, text, mention));
                }));
                conversations.afterInteraction(persona, mention, "answered a mention from", text, key);
                yield new Queued(item);
            }
        };
    }

    /**
     * Leaves the mention unanswered for now, without asking the model, and says why in a decision (once per mention
     * while the trouble lasts); a later check answers it.
     */
    public Postponed postpone(PersonaId id, Post mention, String reason) {
        String full = reason + "; the reply waits for the next mention check";
        if (!states.isHandled(id, mention.id()) && health.needsDecision(id, mention.id())) {
            decide(id, Decision.Outcome.RETRYING, full, mention);
        }
        return new Postponed(full);
    }

    private void decide(PersonaId id, Decision.Outcome outcome, String reason, Post mention) {
        decisions.record(new Decision(id, Decision.Kind.REPLY, outcome, reason, mention.id(), clock.instant()));
    }

    private void markHandled(PersonaId id, Post mention) {
        states.markHandled(id, mention.id(), "mention");
        states.advanceMentionCursor(id, mention.id());
    }
}
