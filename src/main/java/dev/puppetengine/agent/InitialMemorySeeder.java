package dev.puppetengine.agent;

import dev.puppetengine.memory.Memory;
import dev.puppetengine.memory.MemoryBank;
import dev.puppetengine.memory.MemoryKind;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.PersonaSpec.InitialMemory;
import dev.puppetengine.persona.PersonaSpec.SeedEvent;
import dev.puppetengine.persona.PersonaSpec.SeedRelationship;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Stores a persona file's {@code initial_memory} exactly once (DESIGN §4.1): core memories as {@link MemoryKind#CORE}
 * with importance 1, recent events as {@link MemoryKind#EVENT} with their own importance and time, relationships as
 * relationship rows; then marks the persona's state seeded. Each item has a stable seed key ({@code core:<index>:<hash
 * of text>}), so a crash half-way is repaired by the next start without duplicates, and once seeded a persona is never
 * seeded again, even if its file changes: the state is what the persona has become.
 */
@Component
public final class InitialMemorySeeder {

    private static final Logger log = LoggerFactory.getLogger(InitialMemorySeeder.class);

    private final PersonaStateStore states;
    private final MemoryBank memories;
    private final Clock clock;

    public InitialMemorySeeder(PersonaStateStore states, MemoryBank memories, Clock clock) {
        this.states = states;
        this.memories = memories;
        this.clock = clock;
    }

    /**
     * Makes sure the persona has a state row and its initial memory; returns true when it was seeded by this call,
     * false when it had been seeded before.
     */
    public boolean seed(PersonaSpec persona) {
        PersonaState state = states.createIfAbsent(persona.id(), persona.active());
        if (state.isSeeded()) {
            return false;
        }
        Instant now = clock.instant();
        InitialMemory initial = persona.initialMemory();
        List<String> core = initial.coreMemories();
        for (int i = 0; i < core.size(); i++) {
            String text = core.get(i);
            if (!text.isBlank()) {
                memories.remember(new Memory(
                        0, persona.id(), MemoryKind.CORE, text, 1.0, 0, now, List.of(), seedKey("core", i, text)));
            }
        }
        List<SeedEvent> events = initial.recentEvents();
        for (int i = 0; i < events.size(); i++) {
            SeedEvent event = events.get(i);
            if (!event.content().isBlank()) {
                Instant at = event.timestamp() == null ? now : event.timestamp();
                memories.remember(new Memory(
                        0,
                        persona.id(),
                        MemoryKind.EVENT,
                        event.content(),
                        clamp(event.importance(), 0),
                        0,
                        at,
                        List.of(),
                        seedKey("event", i, event.content())));
            }
        }
        int relationships = 0;
        for (Map.Entry<String, SeedRelationship> entry : initial.relationships().entrySet()) {
            String counterpart = entry.getKey();
            if (counterpart.isBlank() || counterpart.length() > Relationship.MAX_COUNTERPART_ID_LENGTH) {
                log.warn(
                        "Persona {}: relationship to '{}' not seeded: counterpart id too long",
                        persona.id(),
                        counterpart);
                continue;
            }
            SeedRelationship seed = entry.getValue();
            states.addRelationshipIfAbsent(new Relationship(
                    persona.id(),
                    counterpart,
                    clamp(seed.sentiment(), -1),
                    clamp(seed.familiarity(), 0),
                    clamp(seed.trust(), 0),
                    null,
                    List.of(),
                    seed.notes(),
                    now));
            relationships++;
        }
        states.markSeeded(persona.id(), now);
        log.info(
                "Persona {}: seeded {} core memories, {} recent events, {} relationships",
                persona.id(),
                core.size(),
                events.size(),
                relationships);
        return true;
    }

    /** {@code kind:index:first 16 hex digits of SHA-256(text)}: stable across restarts, unique per item. */
    static String seedKey(String kind, int index, String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return kind + ":" + index + ":" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static double clamp(double value, double min) {
        return Double.isNaN(value) ? Math.max(min, 0) : Math.max(min, Math.min(1, value));
    }
}
