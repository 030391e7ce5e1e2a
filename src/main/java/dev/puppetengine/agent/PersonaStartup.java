package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * At start, once the database is migrated and before anything is scheduled: gives every valid persona of the catalog
 * a state row ({@link Engine#ensureStates()}: first start {@link Mood#START}, active as its file says), then its
 * initial memory, once, and logs each persona loaded. A persona that was not started live for want of credentials
 * and has them now is {@code ok} again. Invalid files are reported and skipped by the catalog itself.
 */
@Component
final class PersonaStartup implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(PersonaStartup.class);

    private final PersonaCatalog catalog;
    private final PersonaStateStore states;
    private final InitialMemorySeeder seeder;
    private final Engine engine;

    PersonaStartup(PersonaCatalog catalog, PersonaStateStore states, InitialMemorySeeder seeder, Engine engine) {
        this.catalog = catalog;
        this.states = states;
        this.seeder = seeder;
        this.engine = engine;
    }

    @Override
    public void afterSingletonsInstantiated() {
        engine.ensureStates();
        for (PersonaSpec persona : catalog.listPersonas()) {
            boolean seededNow = seeder.seed(persona);
            PersonaState state = states.require(persona.id());
            if (state.status().equals(PersonaState.STATUS_NOT_LIVE)
                    && engine.findNotStartedReason(persona).isEmpty()) {
                states.updateStatus(persona.id(), PersonaState.STATUS_OK, null);
            }
            log.info(
                    "Persona {} loaded: {}, {}, {}",
                    persona.id(),
                    persona.name(),
                    state.active() ? "active" : "paused",
                    seededNow ? "first start, initial memory seeded" : "state kept since " + state.createdAt());
        }
    }
}
