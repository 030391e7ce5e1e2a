package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaId;

/**
 * Where an interaction prompt goes (DESIGN §4.4, §4.5): {@code initiator} reads one of {@code target}'s recent posts
 * and reacts to it (reply, quote, like or ignore). Returns what it did, in words, for the decision log. Called at most
 * once per prompt and initiator.
 */
@FunctionalInterface
public interface InteractionStep {

    String interact(PersonaId initiator, PersonaId target, String topic);
}
