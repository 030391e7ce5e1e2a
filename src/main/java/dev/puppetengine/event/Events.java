package dev.puppetengine.event;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publish port of the event engine (DESIGN §4.4): operators, random sources and feeds call {@link #publish}; the
 * event is stored, then its timer is set for when it is due (persona time). The event queue's sweep picks up an
 * event whose timer was lost to a crash between the two. Thread-safe.
 */
public final class Events {

    private static final Logger log = LoggerFactory.getLogger(Events.class);

    private final EventStore store;
    private final EventTimer timer;
    private final Clock clock;

    public Events(EventStore store, EventTimer timer, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.timer = Objects.requireNonNull(timer);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Stores the event and sets its timer; returns it as stored (pending). */
    public StoredEvent publish(PublishEvent request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        StoredEvent stored = store.add(request, now, now.plus(request.delay()));
        timer.fireAt(stored.id(), stored.dueAt());
        log.info(
                "event {} ({}, {}) published by {} for {}, due at {}",
                stored.id(),
                stored.type(),
                stored.priority().wireName(),
                stored.source(),
                stored.targets().isEmpty() ? "every active persona" : stored.targets(),
                stored.dueAt());
        return stored;
    }

    public Optional<StoredEvent> find(String id) {
        return store.find(id);
    }

    /** Newest first. */
    public List<StoredEvent> listRecent(int limit) {
        return store.listRecent(limit);
    }
}
