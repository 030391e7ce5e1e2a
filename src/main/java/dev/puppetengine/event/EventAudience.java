package dev.puppetengine.event;

import dev.puppetengine.persona.PersonaId;
import java.util.List;

/** Who an event without targets is for: every active persona, read when the event runs. */
@FunctionalInterface
public interface EventAudience {

    List<PersonaId> listActive();
}
