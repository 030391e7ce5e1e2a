package dev.puppetengine.agent;

import dev.puppetengine.llm.CallSampling;
import dev.puppetengine.llm.CallType;
import dev.puppetengine.llm.GenerationRequest;
import dev.puppetengine.llm.PromptInputs;
import dev.puppetengine.llm.RelationshipUpdate;
import dev.puppetengine.llm.StructuredDecisions;
import dev.puppetengine.memory.MemoryBank;
import dev.puppetengine.memory.MemoryKind;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Keeps relationships after every interaction (DESIGN §4.2, §4.5): the persona's model (or the offline composer)
 * answers a structured {@link RelationshipUpdate}, whose deltas are clamped (sentiment and trust ±0.2, familiarity
 * 0..+0.1) and applied within the ranges; the interaction time, a summary among the last ten and a note (bounded)
 * are kept, an {@code interaction} memory is stored and a decision says what moved. Once per interaction: its key is
 * in the handled-input ledger. The model names no handle or id: the exchange is shown with names only.
 */
public final class Relationships {

    private static final Logger log = LoggerFactory.getLogger(Relationships.class);
    private static final RelationshipUpdate UNCHANGED = new RelationshipUpdate(0, 0, 0, "");
    private static final int SUMMARY_CHARS = 120;

    private final PersonaStateStore states;
    private final PostPrompts prompts;
    private final StructuredDecisions structured;
    private final CallSampling sampling;
    private final MemoryBank memories;
    private final DecisionLog decisions;
    private final TransactionOperations transactions;
    private final Clock clock;

    public Relationships(
            PersonaStateStore states,
            PostPrompts prompts,
            StructuredDecisions structured,
            CallSampling sampling,
            MemoryBank memories,
            DecisionLog decisions,
            TransactionOperations transactions,
            Clock clock) {
        this.states = Objects.requireNonNull(states);
        this.prompts = Objects.requireNonNull(prompts);
        this.structured = Objects.requireNonNull(structured);
        this.sampling = Objects.requireNonNull(sampling);
        this.memories = Objects.requireNonNull(memories);
        this.decisions = Objects.requireNonNull(decisions);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * One interaction of the persona with a counterpart: {@code how} says what the persona did to them in a few words
     * ("replied to", "quoted"), {@code counterpartName} is a name for memories (never a handle), {@code theirText} and
     * {@code ownText} what each said, {@code postId} the post interacted with, {@code key} names the interaction
     * (the outbox key of the persona's reply or quote). Returns the relationship after it; empty when it was counted
     * before.
     */
    public Optional<Relationship> afterInteraction(
            PersonaSpec persona,
            String counterpartId,
            String counterpartName,
            String how,
            String theirText,
            String ownText,
            String postId,
            String key) {
        PersonaId id = persona.id();
        String ledgerKey = "rel:" + key;
        String their = PostPrompts.withoutHandles(theirText, PostPrompts.ownHandles(persona));
        String own = PostPrompts.withoutHandles(ownText, PostPrompts.ownHandles(persona));
        if (states.isHandled(id, ledgerKey)) {
            return Optional.empty();
        }
        Optional<Relationship> before = states.findRelationship(id, counterpartId);
        Mood mood = states.find(id).map(PersonaState::mood).orElse(Mood.START);
        List<PromptInputs.Turn> exchange = List.of(
                new PromptInputs.Turn(counterpartName, their, false), new PromptInputs.Turn(persona.name(), own, true));
        var prompt = prompts.forRelationshipUpdate(persona, mood, before.orElse(null), exchange, their, key);
        var request = new GenerationRequest(
                persona,
                CallType.RELATIONSHIP_UPDATE,
                prompt.messages(),
                sampling.optionsFor(persona, CallType.RELATIONSHIP_UPDATE),
                PostWriter.seedOf(ledgerKey));
        StructuredDecisions.Decided<RelationshipUpdate> decided =
                structured.decide(request, RelationshipUpdate.class, UNCHANGED);
        RelationshipUpdate update = decided.value();
        Instant now = clock.instant();
        Relationship after = applied(id, counterpartId, before, update, how, their, now);
        String reason = reason(counterpartName, update, decided);
        Boolean stored = transactions.execute(tx -> {
            if (!states.markHandled(id, ledgerKey, "relationship")) {
                return false;
            }
            states.saveRelationship(after);
            memories.remember(
                    id,
                    MemoryKind.INTERACTION,
                    capitalised(how) + " " + counterpartName + ". They said: \"" + shortened(their) + "\" I said: \""
                            + shortened(own) + "\"",
                    0.5,
                    Math.clamp(update.sentimentDelta() * 5, -1.0, 1.0),
                    List.of(postId));
            decisions.record(new Decision(
                    id, Decision.Kind.RELATIONSHIP, Decision.Outcome.UPDATED, reason, postId, clock.instant()));
            return true;
        });
        if (!Boolean.TRUE.equals(stored)) {
            return Optional.empty();
        }
        log.info("{} and {}: {}", id, counterpartId, reason);
        return Optional.of(after);
    }

    private static Relationship applied(
            PersonaId id,
            String counterpartId,
            Optional<Relationship> before,
            RelationshipUpdate update,
            String how,
            String theirText,
            Instant now) {
        double sentiment = before.map(Relationship::sentiment).orElse(0.0);
        double familiarity = before.map(Relationship::familiarity).orElse(0.0);
        double trust = before.map(Relationship::trust).orElse(0.5);
        List<String> interactions =
                new ArrayList<>(before.map(Relationship::recentInteractions).orElse(List.of()));
        interactions.add(how + " them: " + shortened(theirText));
        List<String> notes = new ArrayList<>(before.map(Relationship::notes).orElse(List.of()));
        if (!update.note().isBlank() && !notes.contains(update.note())) {
            notes.add(update.note());
        }
        return new Relationship(
                id,
                counterpartId,
                Math.clamp(sentiment + update.sentimentDelta(), -1.0, 1.0),
                Math.clamp(familiarity + update.familiarityDelta(), 0.0, 1.0),
                Math.clamp(trust + update.trustDelta(), 0.0, 1.0),
                now,
                interactions,
                notes,
                now);
    }

    private static String reason(
            String counterpartName,
            RelationshipUpdate update,
            StructuredDecisions.Decided<RelationshipUpdate> decided) {
        String moved = String.format(
                Locale.ROOT,
                "with %s: sentiment %+.2f, familiarity %+.2f, trust %+.2f",
                counterpartName,
                update.sentimentDelta(),
                update.familiarityDelta(),
                update.trustDelta());
        if (!update.note().isBlank()) {
            moved += " (" + update.note() + ")";
        }
        return decided.defaulted() ? moved + "; unchanged because " + decided.note() : moved;
    }

    private static String shortened(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= SUMMARY_CHARS
                ? flat
                : flat.substring(0, SUMMARY_CHARS - 1).strip() + "…";
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }
}
