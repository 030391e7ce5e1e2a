package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At start, once the database is migrated and before anything is scheduled: gives every valid persona of the catalog
 * a state row (first start {@link Mood#START}, active as its file says), then its initial memory, once, and logs each
 * persona loaded. A persona that was not started live for want of credentials and has them now is {@code ok} again.
 * Invalid files are reported and skipped by the catalog itself.
 *
 * <p>The stored states are read in one query; the personas are then loaded in chunks of {@value #CHUNK}, each in one
 * transaction (a large cast starts with one commit per chunk, not several per persona), with the progress in the log.
 * A kill in the middle loses the open chunk whole (its rows, memories and seeded marks together), and the next start
 * loads it again; a chunk that fails (another node seeding the same personas now) is loaded again persona by persona,
 * each step on its own, as {@link InitialMemorySeeder} makes safe.
 */
@Component
final class PersonaStartup implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(PersonaStartup.class);
    static final int CHUNK = 500;

    private final PersonaCatalog catalog;
    private final PersonaStateStore states;
    private final InitialMemorySeeder seeder;
    private final Engine engine;
    private final TransactionOperations transactions;

    PersonaStartup(
            PersonaCatalog catalog,
            PersonaStateStore states,
            InitialMemorySeeder seeder,
            Engine engine,
            PlatformTransactionManager transactionManager) {
        this.catalog = catalog;
        this.states = states;
        this.seeder = seeder;
        this.engine = engine;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<PersonaSpec> personas = catalog.listPersonas();
        Map<PersonaId, PersonaState> stored = engine.storedStates();
        boolean large = personas.size() > CHUNK;
        for (int from = 0; from < personas.size(); from += CHUNK) {
            List<PersonaSpec> chunk = personas.subList(from, Math.min(personas.size(), from + CHUNK));
            List<String> loaded;
            try {
                loaded = transactions.execute(status -> load(chunk, stored));
            } catch (RuntimeException e) {
                log.warn(
                        "Personas {} to {} not loaded in one go ({}); one by one",
                        from,
                        from + chunk.size(),
                        e.getClass().getSimpleName());
                loaded = load(chunk, stored);
            }
            for (String line : loaded == null ? List.<String>of() : loaded) {
                if (large) {
                    log.debug(line);
                } else {
                    log.info(line);
                }
            }
            if (large) {
                log.info("loaded {} of {} personas", from + chunk.size(), personas.size());
            }
        }
    }

    /** Loads the personas: state row, initial memory once, status; returns the log line of each. */
    private List<String> load(List<PersonaSpec> chunk, Map<PersonaId, PersonaState> stored) {
        List<String> lines = new ArrayList<>(chunk.size());
        for (PersonaSpec persona : chunk) {
            PersonaState state = stored.get(persona.id());
            boolean seededNow = false;
            if (state == null || !state.isSeeded()) {
                seededNow = seeder.seed(persona);
                state = states.require(persona.id());
            }
            if (state.status().equals(PersonaState.STATUS_NOT_LIVE)
                    && engine.findNotStartedReason(persona).isEmpty()) {
                states.updateStatus(persona.id(), PersonaState.STATUS_OK, null);
            }
            lines.add("Persona %s loaded: %s, %s, %s"
                    .formatted(
                            persona.id(),
                            persona.name(),
                            state.active() ? "active" : "paused",
                            seededNow
                                    ? "first start, initial memory seeded"
                                    : "state kept since " + state.createdAt()));
        }
        return lines;
    }
}
