package dev.puppetengine.agent;

import dev.puppetengine.event.EventAudience;
import dev.puppetengine.llm.CallSampling;
import dev.puppetengine.llm.OutputPolicy;
import dev.puppetengine.llm.PostDrafter;
import dev.puppetengine.llm.PromptComposer;
import dev.puppetengine.llm.StructuredDecisions;
import dev.puppetengine.memory.MemoryBank;
import dev.puppetengine.memory.Recall;
import dev.puppetengine.memory.Reflection;
import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.shared.EngineProperties;
import dev.puppetengine.social.Outbox;
import dev.puppetengine.social.OutboxDispatcher;
import dev.puppetengine.social.OutboxStatus;
import dev.puppetengine.social.RefusalLog;
import dev.puppetengine.social.twitter.SocialNetworks;
import dev.puppetengine.social.twitter.XPolicyProperties;
import dev.puppetengine.social.twitter.XReadsProperties;
import java.time.Clock;
import java.util.Random;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The agent feature's wiring: the engine and its steps on the other features' ports. The persona tasks that run the
 * engine are wired in {@code agent.scheduling}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ConversationProperties.class, MoodProperties.class, ApprovalProperties.class})
class AgentConfiguration {

    @Bean
    Cast cast(PersonaCatalog catalog, SocialNetworks networks) {
        return new Cast(catalog, networks::forPersona);
    }

    @Bean
    Relationships relationships(
            PersonaStateStore states,
            PostPrompts prompts,
            StructuredDecisions structured,
            CallSampling sampling,
            MemoryBank memories,
            DecisionLog decisions,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        return new Relationships(
                states,
                prompts,
                structured,
                sampling,
                memories,
                decisions,
                new TransactionTemplate(transactionManager),
                clock);
    }

    @Bean
    Conversations conversations(
            Cast cast, ConversationTurns turns, Relationships relationships, ConversationProperties properties) {
        return new Conversations(cast, new Threads(cast), turns, relationships, properties.turnCap());
    }

    @Bean
    Reacting reacting(
            Engine engine,
            PersonaCatalog catalog,
            PersonaStateStore states,
            PostPrompts prompts,
            StructuredDecisions structured,
            CallSampling sampling,
            PostWriter writer,
            Outbox outbox,
            Delivery delivery,
            DecisionLog decisions,
            Conversations conversations,
            EngineProperties engineProperties,
            XPolicyProperties policy,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        return new Reacting(
                engine,
                catalog,
                states,
                prompts,
                structured,
                sampling,
                writer,
                new RecentPosts(outbox),
                outbox,
                delivery,
                decisions,
                conversations,
                engineProperties.mode() == EngineProperties.Mode.SANDBOX || policy.automatedLikes(),
                new Random(),
                new TransactionTemplate(transactionManager),
                clock);
    }

    @Bean
    MoodDecay moodDecay(MoodProperties properties) {
        return new MoodDecay(Mood.START, properties.halfLife());
    }

    @Bean
    Moods moods(
            PersonaStateStore states, MoodHistory history, PlatformTransactionManager transactionManager, Clock clock) {
        return new Moods(states, history, new TransactionTemplate(transactionManager), clock);
    }

    @Bean
    EventHandling eventHandling(
            PersonaCatalog catalog,
            PersonaStateStore states,
            Moods moods,
            MemoryBank memories,
            Recall recall,
            DecisionLog decisions,
            StructuredDecisions structured,
            PromptComposer composer,
            CallSampling sampling,
            Engine engine,
            Reacting reacting,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        return new EventHandling(
                catalog,
                states,
                moods,
                memories,
                recall,
                decisions,
                structured,
                composer,
                sampling,
                engine,
                (initiator, target, topic) -> switch (reacting.reactToRecentPostOf(initiator, target, topic)) {
                    case Reacting.Reacted reacted ->
                        reacted.action().name().toLowerCase(java.util.Locale.ROOT) + ": " + reacted.reason();
                    case Reacting.Ignored ignored -> "ignored: " + ignored.reason();
                },
                new Random(),
                new TransactionTemplate(transactionManager),
                clock);
    }

    @Bean
    PostPrompts postPrompts(PromptComposer composer, Recall recall, PersonaStateStore states, Outbox outbox) {
        return new PostPrompts(composer, recall, states, outbox);
    }

    @Bean
    PostWriter postWriter(PostDrafter drafter, CallSampling sampling, PostPrompts prompts) {
        return new DraftingPostWriter(drafter, sampling, prompts);
    }

    @Bean
    PersonaHealth personaHealth(PersonaStateStore states, Clock clock) {
        return new PersonaHealth(states, clock);
    }

    @Bean
    Delivery delivery(
            Outbox outbox,
            OutboxDispatcher dispatcher,
            PersonaStateStore states,
            MemoryBank memories,
            DecisionLog decisions,
            PlatformTransactionManager transactionManager,
            PersonaHealth health,
            ObjectProvider<MentionWakeups> wakeups,
            Clock clock) {
        return new Delivery(
                outbox,
                dispatcher,
                states,
                memories,
                decisions,
                new TransactionTemplate(transactionManager),
                health,
                wakeups.getIfAvailable(() -> MentionWakeups.NONE),
                clock);
    }

    @Bean
    Posting posting(
            PersonaStateStore states,
            PostWriter writer,
            Outbox outbox,
            DecisionLog decisions,
            PlatformTransactionManager transactionManager,
            PersonaHealth health,
            Clock clock) {
        return new Posting(
                states,
                writer,
                new RecentPosts(outbox),
                outbox,
                decisions,
                new PostingSchedule(new Random()),
                new TransactionTemplate(transactionManager),
                health,
                clock);
    }

    @Bean
    MentionAnswering mentionAnswering(
            PersonaStateStore states,
            PostWriter writer,
            Outbox outbox,
            DecisionLog decisions,
            PlatformTransactionManager transactionManager,
            PersonaHealth health,
            Conversations conversations,
            Clock clock) {
        return new MentionAnswering(
                states,
                writer,
                new RecentPosts(outbox),
                outbox,
                decisions,
                new TransactionTemplate(transactionManager),
                health,
                conversations,
                clock);
    }

    /** Actions the outbox's platform policy stopped are decisions, so {@code GET /api/decisions} says why. */
    @Bean
    RefusalLog refusalLog(DecisionLog decisions, Clock clock) {
        return stopped -> {
            Decision.Kind kind = stopped.isReply()
                    ? Decision.Kind.REPLY
                    : stopped.isOriginal() ? Decision.Kind.POST : Decision.Kind.REACTION;
            String ref = stopped.inReplyToId() != null
                    ? stopped.inReplyToId()
                    : stopped.quoteOfId() != null
                            ? stopped.quoteOfId()
                            : stopped.likedId() != null ? stopped.likedId() : stopped.idempotencyKey();
            Decision.Outcome outcome =
                    stopped.status() == OutboxStatus.HELD ? Decision.Outcome.HELD : Decision.Outcome.REFUSED;
            decisions.record(new Decision(
                    stopped.personaId(),
                    kind,
                    outcome,
                    java.util.Objects.toString(stopped.reason(), outcome.wireName()),
                    ref,
                    clock.instant()));
        };
    }

    /** Replies an operator asks for ({@code POST /api/agents/{id}/reply}). */
    @Bean
    ManualReplies manualReplies(
            Engine engine,
            PersonaStateStore states,
            PostWriter writer,
            Outbox outbox,
            OutputPolicy outputPolicy,
            Delivery delivery,
            Conversations conversations,
            DecisionLog decisions,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        return new ManualReplies(
                engine,
                states,
                writer,
                outbox,
                outputPolicy,
                delivery,
                conversations,
                decisions,
                new TransactionTemplate(transactionManager),
                clock);
    }

    /** The approval queue, which the outbox asks which drafts wait for a human. */
    @Bean
    Approvals approvals(
            PersonaCatalog catalog,
            PersonaStateStore states,
            Outbox outbox,
            OutputPolicy outputPolicy,
            DecisionLog decisions,
            PlatformTransactionManager transactionManager,
            ApprovalProperties properties,
            Engine engine,
            Clock clock) {
        return new Approvals(
                catalog,
                states,
                outbox,
                outputPolicy,
                decisions,
                new TransactionTemplate(transactionManager),
                properties,
                engine,
                clock);
    }

    /** Who an event without targets is for: the active personas when it runs. */
    @Bean
    EventAudience eventAudience(Engine engine) {
        return engine::listActivePersonas;
    }

    /** The cast-wide mentions search ({@code puppet.x.reads.cast-search}), on the account of each query's first persona. */
    @Bean
    CastMentions castMentions(
            Engine engine,
            PersonaCatalog catalog,
            PersonaStateStore states,
            SocialNetworks networks,
            CastCursors cursors,
            XReadsProperties reads,
            ObjectProvider<MentionWakeups> wakeups,
            Clock clock) {
        return new CastMentions(
                engine,
                catalog,
                states,
                networks::forCastSearch,
                cursors,
                reads.castSearch(),
                wakeups.getIfAvailable(() -> MentionWakeups.NONE),
                clock);
    }

    @Bean
    Engine engine(
            PersonaCatalog catalog,
            PersonaStateStore states,
            SocialNetworks networks,
            Posting posting,
            MentionAnswering answering,
            Delivery delivery,
            PersonaHealth health,
            Reflection reflection,
            DecisionLog decisions,
            Clock clock,
            PersonaLocks locks) {
        return new Engine(
                catalog,
                states,
                networks::forPersona,
                networks::findUnavailableReason,
                posting,
                answering,
                delivery,
                health,
                new Reflecting(reflection, decisions, clock),
                new Random(),
                clock,
                locks);
    }
}
