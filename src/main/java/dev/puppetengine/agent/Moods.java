package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Moves moods (DESIGN §4.2): a shift is added to the mood of now (decayed since its last change), then clamped,
 * stored and written to the {@link MoodHistory} in one transaction (the caller's, when there is one). Shifts of one
 * persona are serialised on this node, so none is lost. Thread-safe.
 */
public final class Moods {

    private static final Logger log = LoggerFactory.getLogger(Moods.class);
    private static final int MAX_CAUSE = 200;

    private final PersonaStateStore states;
    private final MoodHistory history;
    private final TransactionOperations transactions;
    private final Clock clock;
    private final Map<PersonaId, ReentrantLock> locks = new ConcurrentHashMap<>();

    public Moods(PersonaStateStore states, MoodHistory history, TransactionOperations transactions, Clock clock) {
        this.states = Objects.requireNonNull(states);
        this.history = Objects.requireNonNull(history);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The persona's mood now; its state row exists. */
    public Mood current(PersonaId personaId) {
        return states.require(personaId).mood();
    }

    /** Shifts the persona's mood now and returns the new one; {@code cause} is shown in the history. */
    public Mood shift(
            PersonaId personaId, double valenceShift, double arousalShift, double dominanceShift, String cause) {
        ReentrantLock lock = locks.computeIfAbsent(personaId, id -> new ReentrantLock());
        lock.lock();
        try {
            return Objects.requireNonNull(transactions.execute(tx -> {
                Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                Mood before = current(personaId);
                Mood after = before.shiftedBy(valenceShift, arousalShift, dominanceShift);
                states.updateMood(personaId, after, now);
                history.record(personaId, after, bounded(cause), now);
                log.info(
                        "{}'s mood moved from {} to {} ({})",
                        personaId,
                        PostPrompts.moodWords(before),
                        PostPrompts.moodWords(after),
                        bounded(cause));
                return after;
            }));
        } finally {
            lock.unlock();
        }
    }

    /** The newest {@code limit} mood changes, oldest first. */
    public List<MoodHistory.Entry> history(PersonaId personaId, int limit) {
        return history.list(personaId, limit);
    }

    /** The mood in words, as prompts carry it (never numbers). */
    public static String words(Mood mood) {
        return PostPrompts.moodWords(mood);
    }

    private static String bounded(String cause) {
        String stripped = cause.strip().replaceAll("\\s+", " ");
        if (stripped.isEmpty()) {
            return "shift";
        }
        return stripped.length() <= MAX_CAUSE ? stripped : stripped.substring(0, MAX_CAUSE - 1) + "…";
    }
}
