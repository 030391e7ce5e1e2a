package dev.puppetengine.event;

import dev.puppetengine.persona.PersonaId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A request to publish an event: for {@code targets} (empty = every active persona), due {@code delay} of persona
 * time from now, from {@code source} ({@code operator}, {@code random}, {@code feed}, ...).
 */
public record PublishEvent(Event event, Priority priority, List<PersonaId> targets, Duration delay, String source) {

    public PublishEvent {
        Objects.requireNonNull(event);
        Objects.requireNonNull(priority);
        targets = List.copyOf(targets);
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        if (source.isBlank() || source.length() > 32) {
            throw new IllegalArgumentException("source must have 1..32 characters: '" + source + "'");
        }
    }

    /** Now, for everyone, normal priority. */
    public static PublishEvent now(Event event, String source) {
        return new PublishEvent(event, Priority.NORMAL, List.of(), Duration.ZERO, source);
    }
}
