package dev.puppetengine.persona.format;

import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaProblem;
import dev.puppetengine.persona.PersonaSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The personas of a config dir ({@code config/agents} by default). Loads on construction; invalid files are skipped
 * and their problems logged at WARN, the valid personas are served. The snapshot is replaced atomically.
 */
public final class ConfigDirPersonaCatalog implements PersonaCatalog {

    private static final Logger log = LoggerFactory.getLogger(ConfigDirPersonaCatalog.class);

    private final Path directory;
    private final PersonaDocuments documents;
    private volatile Snapshot snapshot = new Snapshot(List.of(), List.of());

    /** One load of the directory: the personas by id (for lookups on every engine step) and the problems. */
    private record Snapshot(
            List<PersonaSpec> personas, Map<PersonaId, PersonaSpec> byId, List<PersonaProblem> problems) {
        Snapshot(List<PersonaSpec> personas, List<PersonaProblem> problems) {
            this(
                    List.copyOf(personas),
                    personas.stream().collect(Collectors.toUnmodifiableMap(PersonaSpec::id, Function.identity())),
                    List.copyOf(problems));
        }
    }

    public ConfigDirPersonaCatalog(Path directory, PersonaDocuments documents) {
        this.directory = directory;
        this.documents = documents;
        reload();
    }

    public Path directory() {
        return directory;
    }

    @Override
    public List<PersonaSpec> listPersonas() {
        return snapshot.personas();
    }

    @Override
    public Optional<PersonaSpec> findPersona(PersonaId id) {
        return Optional.ofNullable(snapshot.byId().get(id));
    }

    @Override
    public List<PersonaProblem> problems() {
        return snapshot.problems();
    }

    @Override
    public synchronized void reload() {
        if (!Files.isDirectory(directory)) {
            PersonaProblem missing = PersonaProblem.error(directory.toString(), "", "config dir does not exist");
            log.warn("{}", missing.describe());
            snapshot = new Snapshot(List.of(), List.of(missing));
            return;
        }
        PersonaDocuments.DirectoryResult result;
        try {
            result = documents.readDirectory(directory);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot list persona files in " + directory, unreadable);
        }
        for (PersonaProblem problem : result.problems()) {
            log.warn("{}", problem.describe());
        }
        for (PersonaDocuments.FileResult file : result.files()) {
            if (!file.valid()) {
                log.warn("{}: skipped, the persona file is invalid", PersonaProblem.oneLine(file.file()));
            }
        }
        List<PersonaSpec> personas = result.personas().stream()
                .sorted(Comparator.comparing(PersonaSpec::id))
                .toList();
        log.info("Loaded {} persona(s) from {}", personas.size(), directory);
        snapshot = new Snapshot(personas, result.problems());
    }

    @Override
    public synchronized Creation create(String document) {
        PersonaDocuments.FileResult result =
                documents.read(document, PersonaDocuments.Syntax.JSON, "request", "request.json");
        PersonaSpec persona = result.persona();
        if (persona == null) {
            return new Rejected(result.problems());
        }
        Path file = directory.resolve(persona.id().value() + ".json");
        if (findPersona(persona.id()).isPresent() || Files.exists(file)) {
            return new AlreadyExists(persona.id());
        }
        try {
            Files.createDirectories(directory);
            Files.writeString(file, document, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException raced) {
            return new AlreadyExists(persona.id());
        } catch (IOException unwritable) {
            throw new UncheckedIOException("cannot write persona file " + file, unwritable);
        }
        log.info("Created persona {} in {}", persona.id(), file);
        reload();
        return new Created(persona, file.toString(), result.problems());
    }
}
