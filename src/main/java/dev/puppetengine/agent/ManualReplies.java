package dev.puppetengine.agent;

import dev.puppetengine.llm.OutputPolicy;
import dev.puppetengine.llm.PolicyContext;
import dev.puppetengine.llm.PolicyOutcome;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Replies to a post on an operator's request (DESIGN §8 {@code POST /api/agents/{id}/reply}): the reply is drafted
 * by the persona's model as a mention's reply is ({@link MentionAnswering}), or is the operator's text checked by the
 * output policy, and goes the normal way: the outbox under the mention reply's key (so the mention step never answers
 * the post a second time), its platform policy and approval gate, then delivery at once. One per post, ever.
 */
public final class ManualReplies {

    private static final Logger log = LoggerFactory.getLogger(ManualReplies.class);

    private final Engine engine;
    private final PersonaStateStore states;
    private final PostWriter writer;
    private final RecentPosts recentPosts;
    private final Outbox outbox;
    private final OutputPolicy policy;
    private final Delivery delivery;
    private final Conversations conversations;
    private final DecisionLog decisions;
    private final TransactionOperations transactions;
    private final Clock clock;

    public ManualReplies(
            Engine engine,
            PersonaStateStore states,
            PostWriter writer,
            Outbox outbox,
            OutputPolicy policy,
            Delivery delivery,
            Conversations conversations,
            DecisionLog decisions,
            TransactionOperations transactions,
            Clock clock) {
        this.engine = Objects.requireNonNull(engine);
        this.states = Objects.requireNonNull(states);
        this.writer = Objects.requireNonNull(writer);
        this.recentPosts = new RecentPosts(outbox);
        this.outbox = Objects.requireNonNull(outbox);
        this.policy = Objects.requireNonNull(policy);
        this.delivery = Objects.requireNonNull(delivery);
        this.conversations = Objects.requireNonNull(conversations);
        this.decisions = Objects.requireNonNull(decisions);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    /** What became of a reply an operator asked for. */
    public sealed interface Result
            permits Queued, NotActive, UnknownPost, AlreadyReplied, Refused, TextRefused, Declined {}

    /**
     * Stored and delivered as far as it went now: {@code posted}, {@code pending} (the network did not take it yet),
     * {@code awaiting_approval} (the persona's approval mode) or {@code held} (the platform policy keeps replies back).
     */
    public record Queued(OutboxItem item) implements Result {}

    /** Paused, not startable or no longer configured. */
    public record NotActive() implements Result {}

    /** The network has no post with that id. */
    public record UnknownPost(String postId) implements Result {}

    /** The persona replied to that post before (or has a reply to it stored); nothing new is stored. */
    public record AlreadyReplied(OutboxItem item) implements Result {}

    /** The platform policy refused the reply, with its reason (a decision says so too). */
    public record Refused(String reason) implements Result {}

    /** The operator's text did not pass the output policy. */
    public record TextRefused(String reason) implements Result {}

    /** No reply was written: the model failed or gave no text, or the network could not be read. */
    public record Declined(String reason) implements Result {}

    /** Replies as the persona to {@code postId}, with {@code text} when given, else a drafted one. */
    public Result reply(PersonaId personaId, String postId, @Nullable String text) {
        return engine.asPersona(personaId, () -> {
            Optional<PersonaSpec> found = engine.findActive(personaId);
            if (found.isEmpty()) {
                return new NotActive();
            }
            PersonaSpec persona = found.get();
            SocialNetwork network = engine.networkOf(persona);
            Post post;
            String ownId;
            try {
                Optional<Post> target = network.find(postId);
                if (target.isEmpty()) {
                    return new UnknownPost(postId);
                }
                post = target.get();
                ownId = network.me().id();
            } catch (ExternalServiceException e) {
                return new Declined("the network could not be read: " + e.getMessage());
            }
            return reply(persona, post, network, ownId, text);
        });
    }

    private Result reply(PersonaSpec persona, Post post, SocialNetwork network, String ownId, @Nullable String text) {
        PersonaId id = persona.id();
        String key = MentionAnswering.keyOf(id, post.id());
        Optional<OutboxItem> before = outbox.findByKey(key);
        if (before.isPresent()) {
            return new AlreadyReplied(before.get());
        }
        if (post.authorId().equals(ownId)) {
            return new Declined("the post is the persona's own");
        }
        conversations.remember(post);
        Optional<PlatformPolicy.Stop> stop = outbox.screenReply(id, post);
        if (stop.isPresent()) {
            String reason = stop.get().reason();
            decide(
                    id,
                    stop.get().status() == OutboxStatus.HELD ? Decision.Outcome.HELD : Decision.Outcome.REFUSED,
                    reason,
                    post);
            log.info("{} does not reply to {} as asked: {}", id, post.id(), reason);
            return new Refused(reason);
        }
        String reply;
        if (text != null) {
            PolicyContext context = new PolicyContext(recentPosts.textsOf(id), post.authorUsername(), List.of());
            switch (policy.apply(persona, text, context)) {
                case PolicyOutcome.Accepted accepted -> reply = accepted.text();
                case PolicyOutcome.Rejected rejected -> {
                    return new TextRefused(rejected.detail());
                }
            }
        } else {
            PostWriter.Written written;
            try {
                PostWriter.ReplyContext context = conversations.contextOf(persona, ownId, post, network);
                written = writer.writeReply(
                        persona, states.require(id).mood(), context, recentPosts.textsOf(id), PostWriter.seedOf(key));
            } catch (ExternalServiceException e) {
                return new Declined("the model failed: " + e.getMessage());
            }
            switch (written) {
                case PostWriter.Skipped(String reason) -> {
                    return new Declined(reason);
                }
                case PostWriter.Text(String drafted) -> reply = drafted;
            }
        }
        String chosen = reply;
        OutboxItem item = Objects.requireNonNull(transactions.execute(tx -> {
            states.markHandled(id, post.id(), "mention");
            conversations.countReply(id, post);
            return outbox.enqueue(OutboxItem.Draft.reply(id, key, chosen, post));
        }));
        if (item.status() == OutboxStatus.REFUSED) {
            return new Refused(Objects.toString(item.reason(), "refused by the platform policy"));
        }
        OutboxItem delivered = item.status() == OutboxStatus.PENDING ? delivery.deliver(item, network) : item;
        if (delivered.status() == OutboxStatus.POSTED) {
            conversations.afterInteraction(persona, post, "answered a post on request from", chosen, key);
        }
        return new Queued(delivered);
    }

    private void decide(PersonaId id, Decision.Outcome outcome, String reason, Post post) {
        decisions.record(new Decision(id, Decision.Kind.REPLY, outcome, reason, post.id(), clock.instant()));
    }
}
