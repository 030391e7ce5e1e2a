package dev.puppetengine.event;

import dev.puppetengine.persona.PersonaId;

/**
 * Reacts to events of the types it {@link #accepts}, once per target persona. {@link #handle} must be idempotent per
 * target and event ({@link StoredEvent#inputId()} is the handled-input id to record): the queue runs it again after a
 * failure or a crash. Throwing asks for a retry with backoff; the other targets and events go on.
 */
public interface EventListener {

    boolean accepts(String type);

    void handle(PersonaId target, StoredEvent event);
}
