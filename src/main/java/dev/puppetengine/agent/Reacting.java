package dev.puppetengine.agent;

import dev.puppetengine.agent.PostWriter.Written;
import dev.puppetengine.llm.CallSampling;
import dev.puppetengine.llm.CallType;
import dev.puppetengine.llm.GenerationRequest;
import dev.puppetengine.llm.ReactionDecision;
import dev.puppetengine.llm.StructuredDecisions;
import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.social.Outbox;
import dev.puppetengine.social.OutboxItem;
import dev.puppetengine.social.Post;
import dev.puppetengine.social.SocialNetwork;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Reacts to a post that did not mention the persona (DESIGN §4.5) — an interaction prompt's target post, a followed
 * persona's post: a structured {@link ReactionDecision} ({@code reply|quote|like|ignore} and why), then the persona's
 * {@code interaction_patterns} probability of that action gates it. A reply or a quote (a real quote post,
 * {@code quote_tweet_id}) and a like go through the outbox and are delivered at once; a like only in the sandbox
 * while the live policy has no word on likes. A persona never reacts to its own post nor twice to one post (the
 * handled-input ledger), and replies to another persona stop at the turn cap. Every reaction leaves a decision with
 * its reason; a reply or quote also updates the relationship with the author. Runs as the persona (one step of a
 * persona at a time), on the persona's network.
 */
public final class Reacting {

    private static final Logger log = LoggerFactory.getLogger(Reacting.class);

    private final Engine engine;
    private final PersonaCatalog catalog;
    private final PersonaStateStore states;
    private final PostPrompts prompts;
    private final StructuredDecisions structured;
    private final CallSampling sampling;
    private final PostWriter writer;
    private final RecentPosts recentPosts;
    private final Outbox outbox;
    private final Delivery delivery;
    private final DecisionLog decisions;
    private final Conversations conversations;
    private final boolean likesAllowed;
    private final RandomGenerator random;
    private final TransactionOperations transactions;
    private final Clock clock;

    /** {@code likesAllowed}: true in the sandbox; in live mode likes wait for the platform policy. */
    public Reacting(
            Engine engine,
            PersonaCatalog catalog,
            PersonaStateStore states,
            PostPrompts prompts,
            StructuredDecisions structured,
            CallSampling sampling,
            PostWriter writer,
            RecentPosts recentPosts,
            Outbox outbox,
            Delivery delivery,
            DecisionLog decisions,
            Conversations conversations,
            boolean likesAllowed,
            RandomGenerator random,
            TransactionOperations transactions,
            Clock clock) {
        this.engine = Objects.requireNonNull(engine);
        this.catalog = Objects.requireNonNull(catalog);
        this.states = Objects.requireNonNull(states);
        this.prompts = Objects.requireNonNull(prompts);
        this.structured = Objects.requireNonNull(structured);
        this.sampling = Objects.requireNonNull(sampling);
        this.writer = Objects.requireNonNull(writer);
        this.recentPosts = Objects.requireNonNull(recentPosts);
        this.outbox = Objects.requireNonNull(outbox);
        this.delivery = Objects.requireNonNull(delivery);
        this.decisions = Objects.requireNonNull(decisions);
        this.conversations = Objects.requireNonNull(conversations);
        this.likesAllowed = likesAllowed;
        this.random = Objects.requireNonNull(random);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    /** What became of a post the persona read. */
    public sealed interface Reaction permits Reacted, Ignored {
        String reason();
    }

    /** Replied, quoted or liked: {@code item} is the outbox item as it stands after delivery. */
    public record Reacted(ReactionDecision.Action action, OutboxItem item, String reason) implements Reaction {}

    /** No reaction (decided so, gated by a probability, capped, handled before, or nothing to react to). */
    public record Ignored(String reason) implements Reaction {}

    /** The ledger entry and outbox key base of a persona's reaction to a post. */
    public static String keyOf(PersonaId personaId, String postId) {
        return "react:" + personaId + ":" + postId;
    }

    /**
     * The initiator of an interaction prompt reads the target persona's most recent post it has not reacted to yet,
     * through its own network, and reacts to it ({@link #react}); {@code topic} is the prompt's topic.
     */
    public Reaction reactToRecentPostOf(PersonaId initiator, PersonaId target, String topic) {
        Optional<PersonaSpec> reader = engine.findActive(initiator);
        if (reader.isEmpty()) {
            return new Ignored(initiator + " is paused or not configured");
        }
        if (initiator.equals(target)) {
            return ignored(initiator, "a persona does not interact with itself", null);
        }
        Optional<PersonaSpec> targetPersona = catalog.findPersona(target);
        if (targetPersona.isEmpty()) {
            return ignored(initiator, "no persona " + target + " to interact with", null);
        }
        String targetAccount = conversations.cast().findAccountId(targetPersona.get());
        if (targetAccount == null) {
            return ignored(initiator, "the network cannot say which account is " + target, null);
        }
        List<Post> posts;
        try {
            posts = engine.networkOf(reader.get()).recentPosts(targetAccount);
        } catch (ExternalServiceException e) {
            return ignored(initiator, "cannot read the posts of " + target + ": " + e.getMessage(), null);
        }
        Optional<Post> unread = posts.stream()
                .filter(post -> post.authorId().equals(targetAccount))
                .filter(post -> !states.isHandled(initiator, keyOf(initiator, post.id())))
                .findFirst();
        if (unread.isEmpty()) {
            return ignored(
                    initiator,
                    "an interaction prompt about " + topic + ": "
                            + targetPersona.get().name() + " has no recent post to react to",
                    null);
        }
        return react(initiator, unread.get(), "an interaction prompt about " + topic, topic);
    }

    /**
     * The persona {@code reader} reacts to {@code post}, which it read because of {@code reason} (shown to the model
     * as the topic, and in the decision). Safe to call again for the same post: it reacts once.
     */
    public Reaction react(PersonaId reader, Post post, String reason) {
        return react(reader, post, reason, reason);
    }

    private Reaction react(PersonaId reader, Post post, String why, String topic) {
        return engine.asPersona(reader, () -> {
            Optional<PersonaSpec> found = engine.findActive(reader);
            if (found.isEmpty()) {
                return new Ignored(reader + " is paused or not configured");
            }
            Reaction reaction = reactAs(found.get(), engine.networkOf(found.get()), post, why, topic);
            engine.reflect(found.get());
            return reaction;
        });
    }

    private Reaction reactAs(PersonaSpec persona, SocialNetwork network, Post post, String why, String topic) {
        PersonaId id = persona.id();
        String key = keyOf(id, post.id());
        if (states.isHandled(id, key)) {
            return new Ignored("reacted to " + post.id() + " before");
        }
        String ownAccount;
        try {
            ownAccount = network.me().id();
        } catch (ExternalServiceException e) {
            return ignored(id, "cannot reach the network: " + e.getMessage(), post.id());
        }
        if (post.authorId().equals(ownAccount)) {
            return handledAndIgnored(id, key, "its own post: a persona never answers itself", post);
        }
        conversations.remember(post);
        PersonaState state = states.require(id);
        String counterpartId = conversations.cast().counterpartOf(post.authorId());
        var prompt = prompts.forReaction(persona, state.mood(), post, counterpartId, topic);
        var request = new GenerationRequest(
                persona,
                CallType.REACTION_DECISION,
                prompt.messages(),
                sampling.optionsFor(persona, CallType.REACTION_DECISION),
                PostWriter.seedOf(key));
        StructuredDecisions.Decided<ReactionDecision> decided = structured.decide(
                request,
                ReactionDecision.class,
                new ReactionDecision(ReactionDecision.Action.IGNORE, "no decision could be made"));
        ReactionDecision decision = decided.value();
        String because = why + "; " + word(decision.action()) + " because " + decision.reason()
                + (decided.defaulted() ? " (" + decided.note() + ")" : "");
        if (decision.action() == ReactionDecision.Action.IGNORE) {
            return handledAndIgnored(id, key, because, post);
        }
        double probability = probabilityOf(persona, decision.action());
        if (!(random.nextDouble() < probability)) {
            return handledAndIgnored(
                    id,
                    key,
                    because + "; but its " + word(decision.action()) + " probability ("
                            + String.format(Locale.ROOT, "%.2f", probability) + ") said no",
                    post);
        }
        if (decision.action() == ReactionDecision.Action.REPLY) {
            Optional<String> capped = conversations.findCapReached(id, post);
            if (capped.isPresent()) {
                return handledAndIgnored(id, key, because + "; but " + capped.get(), post);
            }
        }
        return switch (decision.action()) {
            case LIKE -> like(persona, network, post, key, because);
            case REPLY, QUOTE -> write(persona, state, network, ownAccount, post, decision.action(), key, because);
            case IGNORE -> throw new IllegalStateException("handled above");
        };
    }

    private Reaction like(PersonaSpec persona, SocialNetwork network, Post post, String key, String because) {
        PersonaId id = persona.id();
        if (!likesAllowed) {
            return handledAndIgnored(id, key, because + "; but likes are not sent in live mode yet", post);
        }
        OutboxItem item = Objects.requireNonNull(transactions.execute(tx -> {
            states.markHandled(id, key, "reaction");
            decide(id, Decision.Outcome.LIKED, because, post.id());
            return outbox.enqueue(OutboxItem.Draft.like(id, key, post));
        }));
        log.info("{} likes {}: {}", id, post.id(), because);
        return new Reacted(ReactionDecision.Action.LIKE, delivery.deliver(item, network), because);
    }

    private Reaction write(
            PersonaSpec persona,
            PersonaState state,
            SocialNetwork network,
            String ownAccount,
            Post post,
            ReactionDecision.Action action,
            String key,
            String because) {
        PersonaId id = persona.id();
        boolean reply = action == ReactionDecision.Action.REPLY;
        Written written;
        try {
            PostWriter.ReplyContext context = conversations.contextOf(persona, ownAccount, post, network);
            List<String> recent = recentPosts.textsOf(id);
            long seed = PostWriter.seedOf(key);
            written = reply
                    ? writer.writeReply(persona, state.mood(), context, recent, seed)
                    : writer.writeQuote(persona, state.mood(), context, recent, seed);
        } catch (ExternalServiceException e) {
            return ignored(id, because + "; but the model failed: " + e.getMessage(), post.id());
        }
        return switch (written) {
            case PostWriter.Skipped(String skipped) ->
                handledAndIgnored(id, key, because + "; but the text was skipped: " + skipped, post);
            case PostWriter.Text(String text) -> {
                OutboxItem item = Objects.requireNonNull(transactions.execute(tx -> {
                    states.markHandled(id, key, "reaction");
                    decide(id, reply ? Decision.Outcome.REPLIED : Decision.Outcome.QUOTED, because, post.id());
                    if (reply) {
                        conversations.countReply(id, post);
                    }
                    return outbox.enqueue(
                            reply
                                    ? OutboxItem.Draft.reply(id, key, text, post)
                                    : OutboxItem.Draft.quote(id, key, text, post));
                }));
                log.info("{} {} {}: {}", id, reply ? "replies to" : "quotes", post.id(), because);
                OutboxItem delivered = delivery.deliver(item, network);
                conversations.afterInteraction(persona, post, reply ? "replied to" : "quoted", text, key);
                yield new Reacted(action, delivered, because);
            }
        };
    }

    private static double probabilityOf(PersonaSpec persona, ReactionDecision.Action action) {
        var patterns = persona.behaviour().interactionPatterns();
        return switch (action) {
            case REPLY -> patterns.replyProbability();
            case QUOTE -> patterns.quoteTweetProbability();
            case LIKE -> patterns.likeProbability();
            case IGNORE -> 0;
        };
    }

    private static String word(ReactionDecision.Action action) {
        return action.name().toLowerCase(Locale.ROOT);
    }

    private Ignored handledAndIgnored(PersonaId id, String key, String reason, Post post) {
        transactions.executeWithoutResult(tx -> {
            if (states.markHandled(id, key, "reaction")) {
                decide(id, Decision.Outcome.IGNORED, reason, post.id());
            }
        });
        log.info("{} ignores {}: {}", id, post.id(), reason);
        return new Ignored(reason);
    }

    /** Not handled: a later call may react after all. */
    private Ignored ignored(PersonaId id, String reason, @Nullable String postId) {
        decide(id, Decision.Outcome.IGNORED, reason, postId);
        log.info("{} does not react: {}", id, reason);
        return new Ignored(reason);
    }

    private void decide(PersonaId id, Decision.Outcome outcome, String reason, @Nullable String postId) {
        decisions.record(new Decision(id, Decision.Kind.REACTION, outcome, reason, postId, clock.instant()));
    }
}
