package dev.puppetengine.persona;

import java.util.List;
import java.util.Optional;

/**
 * The configured personas (DESIGN §4.1): every valid persona file of the config dir, with the problems found in the
 * others. Invalid files are skipped; the valid personas are still listed. Thread-safe: readers see a consistent
 * snapshot, {@link #reload()} and {@link #create(String)} replace it.
 */
public interface PersonaCatalog {

    /** The valid personas, ordered by id. */
    List<PersonaSpec> listPersonas();

    Optional<PersonaSpec> findPersona(PersonaId id);

    /** Errors of the skipped files and warnings of every file, from the last load. */
    List<PersonaProblem> problems();

    /** Reads the config dir again. */
    void reload();

    /**
     * Validates a persona document in the persona file format (JSON) and, when valid and its id is new, writes it
     * as {@code <id>.json} into the config dir and adds it to the catalog. Never overwrites a file.
     */
    Creation create(String document);

    /** The outcome of {@link #create(String)}. */
    sealed interface Creation permits Created, Rejected, AlreadyExists {}

    /** Written to {@code file}; {@code warnings} are the document's unknown keys. */
    record Created(PersonaSpec persona, String file, List<PersonaProblem> warnings) implements Creation {
        public Created {
            warnings = List.copyOf(warnings);
        }
    }

    /** The document is not a valid persona; nothing was written. */
    record Rejected(List<PersonaProblem> problems) implements Creation {
        public Rejected {
            problems = List.copyOf(problems);
        }
    }

    /** A persona with this id exists already (or its file does); nothing was written. */
    record AlreadyExists(PersonaId id) implements Creation {}
}
