package dev.puppetengine.memory;

import dev.puppetengine.llm.CallSampling;
import dev.puppetengine.llm.CallType;
import dev.puppetengine.llm.ChatMessage;
import dev.puppetengine.llm.GenerationRequest;
import dev.puppetengine.llm.PromptSection;
import dev.puppetengine.llm.StructuredDecisions;
import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reflection (DESIGN §4.6): once a persona has {@code puppet.memory.reflection-threshold} memories newer than its
 * last reflection, its language model (or the offline composer) condenses them into 1–3 {@code reflection}
 * memories whose source ids ({@code memory:<id>}) name the memories condensed. Reflections are recalled like any
 * other memory. {@link #runOnce()} is the periodic job; {@link #reflectIfDue} may also be called right after
 * remembering. Thread-safe: one persona reflects on one thread at a time (a lock stripe per persona), different
 * personas in parallel; the watermark (the highest memory id reflected on) is read from the store once per persona
 * and then kept up here, re-read before reflecting when other nodes share the store.
 */
public final class Reflection {

    private static final Logger log = LoggerFactory.getLogger(Reflection.class);
    private static final String SOURCE_PREFIX = "memory:";
    private static final Set<MemoryKind> NOT_CONDENSED = EnumSet.of(MemoryKind.REFLECTION, MemoryKind.CORE);
    private static final int LOCK_STRIPES = 64;
    // Never stored: a defaulted decision postpones the reflection instead of condensing memories into nothing.
    private static final dev.puppetengine.llm.Reflection NO_REFLECTION =
            new dev.puppetengine.llm.Reflection(List.of("no reflection"));

    private final MemoryStore store;
    private final MemoryBank bank;
    private final MemoryProperties properties;
    private final StructuredDecisions decisions;
    private final CallSampling sampling;
    private final PersonaCatalog personas;
    private final ReentrantLock[] stripes = new ReentrantLock[LOCK_STRIPES];
    private final ConcurrentHashMap<PersonaId, Long> watermarks = new ConcurrentHashMap<>();

    public Reflection(
            MemoryStore store,
            MemoryBank bank,
            MemoryProperties properties,
            StructuredDecisions decisions,
            CallSampling sampling,
            PersonaCatalog personas) {
        this.store = store;
        this.bank = bank;
        this.properties = properties;
        this.decisions = decisions;
        this.sampling = sampling;
        this.personas = personas;
        Arrays.setAll(stripes, i -> new ReentrantLock());
    }

    /** Reflects for every configured persona that is due; returns the reflection memories stored. */
    public List<Memory> runOnce() {
        List<Memory> stored = new ArrayList<>();
        for (PersonaSpec persona : personas.listPersonas()) {
            stored.addAll(reflectIfDue(persona));
        }
        return stored;
    }

    /** True when the persona has enough memories since its last reflection. */
    public boolean isDue(PersonaId personaId) {
        return unreflected(personaId, watermark(personaId)) >= properties.reflectionThreshold();
    }

    /**
     * Reflects when due; returns the reflection memories stored, none when not due. Calls for one persona are
     * serialised so a batch is never reflected twice; different personas reflect in parallel.
     */
    public List<Memory> reflectIfDue(PersonaSpec persona) {
        ReentrantLock lock = stripes[Math.floorMod(persona.id().hashCode(), stripes.length)];
        lock.lock();
        try {
            return reflectIfDueLocked(persona);
        } finally {
            lock.unlock();
        }
    }

    private List<Memory> reflectIfDueLocked(PersonaSpec persona) {
        long watermark = watermark(persona.id());
        if (unreflected(persona.id(), watermark) < properties.reflectionThreshold()) {
            return List.of();
        }
        if (store.sharedWithOtherNodes()) {
            // another node may have reflected since the watermark was cached: a cached one is never too high
            watermark = storedWatermark(persona.id());
            watermarks.put(persona.id(), watermark);
        }
        List<Memory> fresh = fresh(persona.id(), watermark);
        if (fresh.size() < properties.reflectionThreshold()) {
            return List.of();
        }
        List<Memory> batch = fresh.subList(0, properties.reflectionThreshold());
        var request = new GenerationRequest(
                persona,
                CallType.REFLECTION,
                List.of(ChatMessage.system(systemPrompt(persona)), ChatMessage.user(userPrompt(batch))),
                sampling.optionsFor(persona, CallType.REFLECTION),
                batch.getLast().id());
        StructuredDecisions.Decided<dev.puppetengine.llm.Reflection> decided =
                decisions.decide(request, dev.puppetengine.llm.Reflection.class, NO_REFLECTION);
        if (decided.defaulted()) {
            log.warn("Reflection of {} postponed to a later run: {}", persona.id(), decided.note());
            return List.of();
        }
        dev.puppetengine.llm.Reflection reflection = decided.value();
        List<String> sources = batch.stream().map(m -> SOURCE_PREFIX + m.id()).toList();
        double importance = Math.max(
                0.6, batch.stream().mapToDouble(Memory::importance).average().orElse(0));
        double valence = batch.stream().mapToDouble(Memory::valence).average().orElse(0);
        List<Memory> stored = new ArrayList<>();
        for (String summary : reflection.summaries()) {
            stored.add(bank.remember(
                    persona.id(),
                    MemoryKind.REFLECTION,
                    summary,
                    Math.clamp(importance, 0.0, 1.0),
                    Math.clamp(valence, -1.0, 1.0),
                    sources));
        }
        watermarks.merge(persona.id(), batch.getLast().id(), Math::max);
        log.info(
                "Reflected {} memories of {} into {} reflections with {}",
                batch.size(),
                persona.id(),
                stored.size(),
                decided.generations().getLast().model());
        return stored;
    }

    private long unreflected(PersonaId personaId, long watermark) {
        return store.countAfter(personaId, watermark, NOT_CONDENSED);
    }

    private List<Memory> fresh(PersonaId personaId, long watermark) {
        return store.listAfter(personaId, watermark, properties.reflectionThreshold() * 4).stream()
                .filter(m -> !NOT_CONDENSED.contains(m.kind()))
                .toList();
    }

    /** The highest memory id already reflected on, read from the store once and then kept up by this process. */
    private long watermark(PersonaId personaId) {
        return watermarks.computeIfAbsent(personaId, this::storedWatermark);
    }

    private long storedWatermark(PersonaId personaId) {
        return store.listByKind(personaId, MemoryKind.REFLECTION).stream()
                .flatMap(m -> m.sourceIds().stream())
                .filter(s -> s.startsWith(SOURCE_PREFIX))
                .mapToLong(s -> parseId(s.substring(SOURCE_PREFIX.length())))
                .max()
                .orElse(0);
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String systemPrompt(PersonaSpec persona) {
        return PromptSection.PERSONA.heading() + "\nYou are " + persona.name() + ". " + persona.description();
    }

    private static String userPrompt(List<Memory> memories) {
        return PromptSection.RECALLED_MEMORIES.heading() + "\n"
                + memories.stream().map(m -> "- " + m.content()).collect(Collectors.joining("\n"))
                + "\n" + PromptSection.TASK.heading() + "\n"
                + "Reflect on these memories, oldest first. Answer with JSON {\"summaries\": [\"...\"]} holding 1 to"
                + " 3 summaries, each one sentence in your own voice about what they mean to you, what you learned"
                + " or what you care about now.";
    }
}
