package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaCatalog.Creation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Creates a persona while the engine runs (DESIGN §8 {@code POST /api/agents}): the catalog validates the document and
 * writes its file, then the persona starts as {@link PersonaStartup} starts one at boot — a state row (active as its
 * file says) and its initial memory — and, when active, a {@link PersonaActivationChanged} gives it its post and
 * mention schedules. No restart is needed.
 */
@Component
public final class PersonaCreation {

    private static final Logger log = LoggerFactory.getLogger(PersonaCreation.class);

    private final PersonaCatalog catalog;
    private final InitialMemorySeeder seeder;
    private final PersonaStateStore states;
    private final ApplicationEventPublisher events;

    public PersonaCreation(
            PersonaCatalog catalog,
            InitialMemorySeeder seeder,
            PersonaStateStore states,
            ApplicationEventPublisher events) {
        this.catalog = catalog;
        this.seeder = seeder;
        this.states = states;
        this.events = events;
    }

    /** Creates the persona of {@code document} (the persona file format, JSON) and starts it when it was created. */
    public Creation create(String document) {
        Creation creation = catalog.create(document);
        if (creation instanceof PersonaCatalog.Created created) {
            seeder.seed(created.persona());
            PersonaState state = states.require(created.persona().id());
            log.info(
                    "Persona {} created: {}, {}",
                    created.persona().id(),
                    created.persona().name(),
                    state.active() ? "active" : "paused");
            if (state.active()) {
                events.publishEvent(
                        new PersonaActivationChanged(created.persona().id(), true));
            }
        }
        return creation;
    }
}
