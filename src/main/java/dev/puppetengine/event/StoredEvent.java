package dev.puppetengine.event;

import dev.puppetengine.persona.PersonaId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An event in the queue. {@code targets} empty means every active persona; {@code dueAt} is persona time;
 * {@code attempts} counts the failed runs so far and {@code reason} says why the last one failed (or, once handled,
 * anything worth knowing); {@code seq} orders events first in, first out.
 */
public record StoredEvent(
        String id,
        long seq,
        Event event,
        Priority priority,
        List<PersonaId> targets,
        String source,
        EventStatus status,
        int attempts,
        Instant createdAt,
        Instant dueAt,
        @Nullable Instant handledAt,
        @Nullable String reason) {

    public StoredEvent {
        Objects.requireNonNull(id);
        Objects.requireNonNull(event);
        Objects.requireNonNull(priority);
        Objects.requireNonNull(status);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(dueAt);
        targets = List.copyOf(targets);
    }

    public String type() {
        return event.type();
    }

    /** The handled-input id a target records once it handled this event. */
    public String inputId() {
        return "event:" + id;
    }
}
