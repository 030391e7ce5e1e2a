package dev.puppetengine.persona.format;

import dev.puppetengine.persona.PersonaProblem;
import dev.puppetengine.persona.PersonaSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLAnchorReplayingFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads persona files ({@code *.json}, {@code *.yaml}, {@code *.yml}) into {@link PersonaSpec}s with every problem
 * found: syntax errors with line and column, type and range errors with JSON pointers, unknown keys as warnings,
 * and ids used by more than one file. {@code ${ENV_VAR}} references resolve from the given environment.
 */
public final class PersonaDocuments {

    private final Function<String, @Nullable String> environment;
    private final JsonMapper json;
    private static final java.util.regex.Pattern CONSTRAINT_SOURCE =
            java.util.regex.Pattern.compile(", from `[A-Za-z.]+\\(\\)`");

    private final YAMLMapper yaml;
    private final PuppetJsonWriter writer;
    private final ObjectWriter prettyPrinter;

    public PersonaDocuments(Function<String, @Nullable String> environment) {
        this.environment = environment;
        // Decimals are kept exact so that a range problem shows the number as written (1e308, not Infinity).
        this.json = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        // The anchor-replaying factory resolves aliases (*name) and << merge keys; the plain one reads an alias as
        // the anchor's name and drops merges.
        this.yaml = YAMLMapper.builder(new YAMLAnchorReplayingFactory())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        this.writer = new PuppetJsonWriter(json);
        this.prettyPrinter = json.writer()
                .with(new DefaultPrettyPrinter(
                                Separators.createDefaultInstance().withObjectNameValueSpacing(Separators.Spacing.AFTER))
                        .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE));
    }

    /**
     * The persona as a persona file in the original format (JSON, snake_case); reading it back gives an equal spec.
     * Secrets are written as the file had them: {@code ${ENV_VAR}} references stay references.
     */
    public String write(PersonaSpec persona) {
        return prettyPrinter.writeValueAsString(writer.write(persona)) + System.lineSeparator();
    }

    /** Reads with the process environment. */
    public static PersonaDocuments withSystemEnvironment() {
        return new PersonaDocuments(System::getenv);
    }

    /** The outcome of reading one file: the persona when valid, and every problem (warnings also when valid). */
    public record FileResult(String file, @Nullable PersonaSpec persona, List<PersonaProblem> problems) {
        public FileResult {
            problems = List.copyOf(problems);
        }

        public boolean valid() {
            return persona != null;
        }
    }

    /** Every persona file of a directory, ordered by file name. */
    public record DirectoryResult(List<FileResult> files) {
        public DirectoryResult {
            files = List.copyOf(files);
        }

        public List<PersonaSpec> personas() {
            List<PersonaSpec> personas = new ArrayList<>();
            for (FileResult file : files) {
                if (file.persona() != null) {
                    personas.add(file.persona());
                }
            }
            return personas;
        }

        public List<PersonaProblem> problems() {
            return files.stream().flatMap(file -> file.problems().stream()).toList();
        }

        public boolean allValid() {
            return files.stream().allMatch(FileResult::valid);
        }
    }

    /** True for the file names this reader takes: {@code *.json}, {@code *.yaml}, {@code *.yml}. */
    public static boolean isPersonaFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && (name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    /**
     * Reads every persona file of {@code directory} (not recursing). Problems name files as {@code directory}
     * resolved with the file name, so they read as the user typed the directory. Every entry with a persona file
     * name is reported: symbolic links are followed, and a link loop, a dangling link, a directory or an unreadable
     * file is a problem of that entry. When two files declare the same id, the first by file name wins and the later
     * ones are invalid.
     */
    public DirectoryResult readDirectory(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(PersonaDocuments::isPersonaFile).sorted().toList();
        }
        List<FileResult> results = new ArrayList<>();
        Map<String, String> firstFileOfId = new HashMap<>();
        for (Path file : files) {
            FileResult result = readFile(file);
            PersonaSpec persona = result.persona();
            if (persona != null) {
                String earlier = firstFileOfId.putIfAbsent(persona.id().value(), result.file());
                if (earlier != null) {
                    List<PersonaProblem> problems = new ArrayList<>(result.problems());
                    problems.add(PersonaProblem.error(
                            result.file(), "/id", "duplicate id '" + persona.id() + "', already used by " + earlier));
                    result = new FileResult(result.file(), null, problems);
                }
            }
            results.add(result);
        }
        return new DirectoryResult(results);
    }

    /** Reads one file; the format (JSON or YAML) follows the file name's extension. */
    public FileResult readFile(Path file) {
        return readContent(file, content -> read(content, syntaxOf(file), file.toString(), fileName(file)));
    }

    /** Reads the file's text and hands it to {@code reader}; why it cannot be read is a problem of that file. */
    private FileResult readContent(Path file, Function<String, FileResult> reader) {
        String display = file.toString();
        FileText text = FileText.read(file);
        return switch (text) {
            case FileText.Read read -> reader.apply(read.content());
            case FileText.Unreadable unreadable ->
                new FileResult(display, null, List.of(PersonaProblem.error(display, "", unreadable.reason())));
        };
    }

    private static String fileName(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    /** The syntax of persona documents. */
    public enum Syntax {
        JSON,
        YAML
    }

    static Syntax syntaxOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".json") ? Syntax.JSON : Syntax.YAML;
    }

    /**
     * Reads one document. {@code display} names it in problems; {@code fileName} is used to derive the id of an
     * ElizaOS character file.
     */
    public FileResult read(String content, Syntax syntax, String display, String fileName) {
        DocumentReading reading = new DocumentReading(display, environment);
        JsonNode tree = parse(content, syntax, reading);
        if (tree == null) {
            return new FileResult(display, null, reading.problems());
        }
        PersonaSpec persona = ElizaCharacterFormat.isCharacter(tree)
                ? ElizaCharacterFormat.read(tree, reading, fileName)
                : PuppetJsonFormat.read(tree, reading);
        return new FileResult(display, persona, reading.problems());
    }

    /**
     * Reads an ElizaOS character file as such (even when it also has a {@code personality} key), for
     * {@code ./puppet import-eliza}.
     */
    public FileResult readElizaCharacter(Path file) {
        return readContent(file, content -> readElizaCharacter(content, file));
    }

    private FileResult readElizaCharacter(String content, Path file) {
        String display = file.toString();
        DocumentReading reading = new DocumentReading(display, environment);
        JsonNode tree = parse(content, syntaxOf(file), reading);
        if (tree == null) {
            return new FileResult(display, null, reading.problems());
        }
        if (!tree.has("bio") && !tree.has("name")) {
            reading.error("", "not an ElizaOS character file: it has neither bio nor name");
            return new FileResult(display, null, reading.problems());
        }
        PersonaSpec persona = ElizaCharacterFormat.read(tree, reading, fileName(file));
        return new FileResult(display, persona, reading.problems());
    }

    private @Nullable JsonNode parse(String text, Syntax syntax, DocumentReading reading) {
        // Editors on Windows may start UTF-8 files with a byte order mark; it is not part of the document.
        String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
        ObjectMapper mapper = syntax == Syntax.JSON ? json : yaml;
        String kind = syntax == Syntax.JSON ? "JSON" : "YAML";
        if (content.isBlank()) {
            reading.error("", "empty file: a persona file must hold one " + kind + " object");
            return null;
        }
        try {
            JsonNode tree = mapper.readTree(content);
            if (tree == null || tree.isMissingNode()) {
                reading.error("", "empty file: a persona file must hold one " + kind + " object");
                return null;
            }
            return tree;
        } catch (JacksonException malformed) {
            String reason = summary(malformed.getOriginalMessage());
            if (reason.startsWith("found field '<<'")) {
                reason = "a << merge key must name one anchored mapping, like <<: *defaults (lists of merges are not"
                        + " supported)";
            }
            reading.error("", "malformed " + kind + locationOf(malformed, mapper, content) + ": " + reason);
            return null;
        }
    }

    private static String locationOf(JacksonException malformed, ObjectMapper mapper, String content) {
        TokenStreamLocation location = malformed.getLocation();
        if (location == null) {
            location = whereReadingStops(mapper, content);
        }
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /**
     * Where the tokens of {@code content} stop being readable: for the limits the parser enforces (nesting depth,
     * number length), whose exceptions carry no location.
     */
    private static @Nullable TokenStreamLocation whereReadingStops(ObjectMapper mapper, String content) {
        JsonParser parser = mapper.createParser(content);
        try (parser) {
            while (parser.nextToken() != null) {
                // only the position where it fails matters
            }
            return null;
        } catch (JacksonException e) {
            return e.getLocation() != null ? e.getLocation() : parser.currentTokenLocation();
        }
    }

    /**
     * The parser's message without the source excerpt and marker lines the YAML parser adds, nor the name of the
     * parser setting behind a limit.
     */
    private static String summary(@Nullable String message) {
        if (message == null) {
            return "unreadable";
        }
        String summary = CONSTRAINT_SOURCE
                .matcher(message)
                .replaceAll("")
                .lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .map(String::strip)
                .collect(Collectors.joining("; "));
        return summary.isEmpty() ? message.strip() : summary;
    }
}
