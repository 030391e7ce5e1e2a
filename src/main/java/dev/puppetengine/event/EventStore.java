package dev.puppetengine.event;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The persisted event queue (the {@code event} table). Each method is one atomic step; thread-safe. */
public interface EventStore {

    /** Stores a new pending event due at {@code dueAt}; returns it with its id and sequence number. */
    StoredEvent add(PublishEvent request, Instant createdAt, Instant dueAt);

    Optional<StoredEvent> find(String id);

    /** Newest first. */
    List<StoredEvent> listRecent(int limit);

    /** The pending event due at or before {@code now} that runs first: highest priority, then lowest sequence. */
    default Optional<StoredEvent> findNextDue(Instant now) {
        return listDue(now, 1).stream().findFirst();
    }

    /** Up to {@code limit} pending events due at or before {@code now}, in the order they run ({@link #findNextDue}). */
    List<StoredEvent> listDue(Instant now, int limit);

    /** Pending events, soonest due first: what the timers must fire. */
    List<StoredEvent> listPending(int limit);

    void markHandled(String id, Instant at, @Nullable String reason);

    void markFailed(String id, Instant at, int attempts, String reason);

    /** Records a failed run and moves the pending event to {@code dueAt}. */
    void retryAt(String id, int attempts, Instant dueAt, String reason);
}
