package dev.puppetengine.agent;

import dev.puppetengine.event.Event;
import dev.puppetengine.event.EventListener;
import dev.puppetengine.event.StoredEvent;
import dev.puppetengine.llm.CallSampling;
import dev.puppetengine.llm.CallType;
import dev.puppetengine.llm.GenerationRequest;
import dev.puppetengine.llm.MemoryUpdate;
import dev.puppetengine.llm.PromptComposer;
import dev.puppetengine.llm.PromptInputs;
import dev.puppetengine.llm.StructuredDecisions;
import dev.puppetengine.memory.Memory;
import dev.puppetengine.memory.MemoryBank;
import dev.puppetengine.memory.MemoryKind;
import dev.puppetengine.memory.Recall;
import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.social.OutboxItem;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * How a persona reacts to an event (DESIGN §4.4), once per event: the handled-input ledger entry, the event memory,
 * the mood change and a decision saying why are written in one transaction, so a rerun after a failure or a crash
 * finds the event handled and does nothing. {@code news} → a structured {@link MemoryUpdate} from the persona's model
 * (the offline composer too), then a post about it if its importance is above 0.7 or with p = 0.3; {@code mood_shift}
 * → a memory of importance 0.6, the shift, a post if the arousal shift is above 0.3 or with p = 0.2;
 * {@code interaction_prompt} → the {@link InteractionStep}; other types → a memory of what happened. Posts go through
 * {@link Engine#postAbout}, where the too-soon rule applies. Paused or unknown personas are skipped. Thread-safe if
 * {@code random} is.
 */
public final class EventHandling implements EventListener {

    private static final Logger log = LoggerFactory.getLogger(EventHandling.class);

    static final double NEWS_POST_IMPORTANCE = 0.7;
    static final double NEWS_POST_CHANCE = 0.3;
    static final double MOOD_MEMORY_IMPORTANCE = 0.6;
    static final double MOOD_POST_AROUSAL = 0.3;
    static final double MOOD_POST_CHANCE = 0.2;
    static final double OTHER_MEMORY_IMPORTANCE = 0.3;
    private static final int MAX_DATA_TEXT = 300;

    private final PersonaCatalog catalog;
    private final PersonaStateStore states;
    private final Moods moods;
    private final MemoryBank memories;
    private final Recall recall;
    private final DecisionLog decisions;
    private final StructuredDecisions structured;
    private final PromptComposer composer;
    private final CallSampling sampling;
    private final Engine engine;
    private final InteractionStep interactions;
    private final RandomGenerator random;
    private final TransactionOperations transactions;
    private final Clock clock;

    public EventHandling(
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
            InteractionStep interactions,
            RandomGenerator random,
            TransactionOperations transactions,
            Clock clock) {
        this.catalog = Objects.requireNonNull(catalog);
        this.states = Objects.requireNonNull(states);
        this.moods = Objects.requireNonNull(moods);
        this.memories = Objects.requireNonNull(memories);
        this.recall = Objects.requireNonNull(recall);
        this.decisions = Objects.requireNonNull(decisions);
        this.structured = Objects.requireNonNull(structured);
        this.composer = Objects.requireNonNull(composer);
        this.sampling = Objects.requireNonNull(sampling);
        this.engine = Objects.requireNonNull(engine);
        this.interactions = Objects.requireNonNull(interactions);
        this.random = Objects.requireNonNull(random);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Every type: the built-in ones by their rules, operator-defined ones as a memory of what happened. */
    @Override
    public boolean accepts(String type) {
        return true;
    }

    /**
     * Handles the event for {@code target} as one of its steps: never at the same time as another step of the persona,
     * on this node or another ({@link Engine#asPersona}).
     */
    @Override
    public void handle(PersonaId target, StoredEvent event) {
        engine.asPersona(target, () -> {
            handleAsPersona(target, event);
            return null;
        });
    }

    private void handleAsPersona(PersonaId target, StoredEvent event) {
        if (states.isHandled(target, event.inputId())) {
            return;
        }
        Optional<PersonaSpec> persona = catalog.findPersona(target)
                .filter(spec -> states.find(target).map(PersonaState::active).orElse(false));
        if (persona.isEmpty()) {
            log.info("{} is paused or not configured; event {} passes it by", target, event.id());
            return;
        }
        switch (event.event()) {
            case Event.News news -> news(persona.get(), event, news);
            case Event.MoodShift shift -> moodShift(persona.get(), event, shift);
            case Event.InteractionPrompt prompt -> interaction(persona.get(), event, prompt);
            case Event.Custom custom -> custom(persona.get(), event, custom);
        }
    }

    private void news(PersonaSpec persona, StoredEvent event, Event.News news) {
        StructuredDecisions.Decided<MemoryUpdate> decided = memoryUpdate(persona, event, news);
        MemoryUpdate update = decided.value();
        boolean important = update.importance() > NEWS_POST_IMPORTANCE;
        boolean chance = !important && random.nextDouble() < NEWS_POST_CHANCE;
        String gate = important
                ? "its importance is above " + NEWS_POST_IMPORTANCE + ", so it posts about it"
                : chance
                        ? "by chance (p = " + NEWS_POST_CHANCE + ") it posts about it"
                        : "its importance is at most " + NEWS_POST_IMPORTANCE + " and the chance (p = "
                                + NEWS_POST_CHANCE + ") did not come up, so no post";
        String how = decided.defaulted() ? " (the model could not be asked: " + decided.note() + ")" : "";
        boolean first = remember(
                persona.id(),
                event,
                update.memory(),
                update.importance(),
                update.valenceShift(),
                update.arousalShift(),
                update.dominanceShift(),
                "news: " + news.headline(),
                "news '" + news.headline() + "': remembered with importance " + round(update.importance()) + how + "; "
                        + gate);
        if (first && (important || chance)) {
            post(persona.id(), event, news.headline());
        }
    }

    private StructuredDecisions.Decided<MemoryUpdate> memoryUpdate(
            PersonaSpec persona, StoredEvent event, Event.News news) {
        List<String> recalled = recall.recall(persona.id(), news.headline()).stream()
                .filter(memory -> memory.kind() != MemoryKind.CORE)
                .map(Memory::content)
                .toList();
        var inputs = new PromptInputs(
                CallType.MEMORY_UPDATE,
                PostPrompts.moodWords(moods.current(persona.id())),
                recalled,
                null,
                List.of(),
                List.of(),
                news.topic(),
                news.headline());
        long seed = PostWriter.seedOf(event.inputId() + ":" + persona.id());
        var request = new GenerationRequest(
                persona,
                CallType.MEMORY_UPDATE,
                composer.compose(persona, inputs, seed).messages(),
                sampling.optionsFor(persona, CallType.MEMORY_UPDATE),
                seed);
        MemoryUpdate fallback = new MemoryUpdate("Heard the news: " + news.headline(), 0.5, 0, 0, 0);
        return structured.decide(request, MemoryUpdate.class, fallback);
    }

    private void moodShift(PersonaSpec persona, StoredEvent event, Event.MoodShift shift) {
        boolean aroused = shift.arousalShift() > MOOD_POST_AROUSAL;
        boolean chance = !aroused && random.nextDouble() < MOOD_POST_CHANCE;
        String gate = aroused
                ? "the arousal shift is above " + MOOD_POST_AROUSAL + ", so it posts"
                : chance
                        ? "by chance (p = " + MOOD_POST_CHANCE + ") it posts"
                        : "the arousal shift is at most " + MOOD_POST_AROUSAL + " and the chance (p = "
                                + MOOD_POST_CHANCE + ") did not come up, so no post";
        String name = shift.name().toLowerCase(Locale.ROOT);
        boolean first = remember(
                persona.id(),
                event,
                "Felt a wave of " + name + ".",
                MOOD_MEMORY_IMPORTANCE,
                shift.valenceShift(),
                shift.arousalShift(),
                shift.dominanceShift(),
                "mood shift: " + name,
                "mood shift '" + name + "': remembered; " + gate);
        if (first && (aroused || chance)) {
            post(persona.id(), event, name);
        }
    }

    private void interaction(PersonaSpec persona, StoredEvent event, Event.InteractionPrompt prompt) {
        if (!prompt.initiatorId().equals(persona.id().value())) {
            log.info("{} is not the initiator of interaction prompt {}; it passes it by", persona.id(), event.id());
            transactions.executeWithoutResult(tx -> {
                if (states.markHandled(persona.id(), event.inputId(), "event")) {
                    decide(persona.id(), event, "interaction prompt for " + prompt.initiatorId() + ": not its own");
                }
            });
            return;
        }
        PersonaId target = PersonaId.of(prompt.targetId());
        if (!Boolean.TRUE.equals(
                transactions.execute(tx -> states.markHandled(persona.id(), event.inputId(), "event")))) {
            return;
        }
        String outcome = interactions.interact(persona.id(), target, prompt.topic());
        decide(
                persona.id(),
                event,
                "interaction prompt with " + target + (prompt.topic().isBlank() ? "" : " about " + prompt.topic())
                        + ": " + outcome);
    }

    private void custom(PersonaSpec persona, StoredEvent event, Event.Custom custom) {
        String what = "Noticed " + custom.type().replace('_', ' ') + describe(custom.data()) + ".";
        remember(
                persona.id(),
                event,
                what,
                OTHER_MEMORY_IMPORTANCE,
                0,
                0,
                0,
                custom.type(),
                custom.type() + ": remembered; events of this type move no mood and make no post");
    }

    /**
     * Marks the event handled for the persona and stores its memory, mood and decision, all or nothing; returns false
     * when it was handled before (nothing is written then).
     */
    private boolean remember(
            PersonaId personaId,
            StoredEvent event,
            String memory,
            double importance,
            double valenceShift,
            double arousalShift,
            double dominanceShift,
            String cause,
            String reason) {
        Boolean first = transactions.execute(tx -> {
            if (!states.markHandled(personaId, event.inputId(), "event")) {
                return false;
            }
            memories.remember(
                    personaId,
                    MemoryKind.EVENT,
                    memory,
                    importance,
                    Math.clamp(valenceShift * 2, -1.0, 1.0),
                    List.of(event.inputId()));
            String moved = "";
            if (valenceShift != 0 || arousalShift != 0 || dominanceShift != 0) {
                Mood after = moods.shift(personaId, valenceShift, arousalShift, dominanceShift, cause);
                moved = "; mood now " + PostPrompts.moodWords(after);
            }
            decide(personaId, event, reason + moved);
            return true;
        });
        return Boolean.TRUE.equals(first);
    }

    private void post(PersonaId personaId, StoredEvent event, String topic) {
        String key = event.inputId() + ":" + personaId;
        switch (engine.postAbout(personaId, topic, key)) {
            case Posting.Extra.Queued(OutboxItem item) ->
                log.info("{} posts about event {} ({})", personaId, event.id(), item.status());
            case Posting.Extra.Declined(String reason) -> {
                log.info("{} does not post about event {}: {}", personaId, event.id(), reason);
                decisions.record(new Decision(
                        personaId,
                        Decision.Kind.POST,
                        Decision.Outcome.SKIPPED,
                        "about " + event.type() + " '" + topic + "': " + reason,
                        key,
                        clock.instant()));
            }
        }
    }

    private void decide(PersonaId personaId, StoredEvent event, String reason) {
        decisions.record(new Decision(
                personaId, Decision.Kind.EVENT, Decision.Outcome.HANDLED, reason, event.inputId(), clock.instant()));
    }

    private static String describe(Map<String, @Nullable Object> data) {
        if (data.isEmpty()) {
            return "";
        }
        String text = data.entrySet().stream()
                .map(entry -> entry.getKey().replace('_', ' ') + " " + entry.getValue())
                .collect(Collectors.joining(", ", ": ", ""));
        return text.length() <= MAX_DATA_TEXT ? text : text.substring(0, MAX_DATA_TEXT - 1) + "…";
    }

    private static String round(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
