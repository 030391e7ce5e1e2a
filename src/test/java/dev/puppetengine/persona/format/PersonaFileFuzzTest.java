package dev.puppetengine.persona.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaProblem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Issue 15, the reliability suite: seeded mutations of the sample personas and of the original project's files
 * (wrong types, missing keys, huge strings, bad unicode, extreme numbers, deep nesting, truncated or corrupted JSON and
 * YAML, invalid UTF-8 bytes) read by the real reader. No file makes it throw; each one is a persona or has an error;
 * every problem names the file, a field (a JSON pointer, or the file as a whole with a line and column or a reason
 * only a whole file can have) and a reason, and prints as one line. 200 files in the suite; {@code ./puppet
 * reliability} reads 5,000, {@code -Dpuppet.reliability.fuzz=N} any number, {@code -Dpuppet.reliability.seed=S}
 * another sequence.
 */
class PersonaFileFuzzTest {

    private static final int FILES =
            Integer.getInteger("puppet.reliability.fuzz", Boolean.getBoolean("puppet.reliability") ? 5_000 : 200);
    private static final long SEED = Long.getLong("puppet.reliability.seed", 20261202L);
    private static final List<Path> SEEDS = List.of(
            Path.of("config/agents"),
            Path.of("src/test/resources/personas/original"),
            Path.of("src/test/resources/personas/saffron-reyes.original.json"),
            Path.of("src/test/resources/personas/eliza.character.json"));
    /** What only a file as a whole can be: unreadable, not UTF-8, empty, malformed (with where), not an object. */
    private static final Pattern WHOLE_FILE = Pattern.compile("(?s)^(?:invalid UTF-8 at byte offset \\d+"
            + "|empty file: .+|malformed (?:JSON|YAML) at line \\d+, column \\d+: .+|.*\\bobject\\b.*"
            + "|.*\\bbytes\\b.*)$");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Random random = new Random(SEED);
    private final PersonaDocuments documents = new PersonaDocuments(name -> null);

    record Seed(String name, JsonNode tree, boolean yaml) {}

    /** One fuzzed file and what was done to it, for the failure message. */
    record Case(Path file, List<String> mutations) {}

    @Test
    void no_fuzzed_persona_file_crashes_the_reader_and_every_problem_is_located(@TempDir Path dir) throws IOException {
        List<Seed> seeds = seeds();
        assertThat(seeds).hasSizeGreaterThanOrEqualTo(9);
        List<String> unlocated = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int n = 0; n < FILES; n++) {
            Case fuzzed = write(dir, n, seeds.get(random.nextInt(seeds.size())));
            PersonaDocuments.FileResult result;
            try {
                result = documents.readFile(fuzzed.file());
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("reading " + fuzzed + " threw " + e, e);
            }
            String display = fuzzed.file().toString();
            assertThat(result.file()).isEqualTo(display);
            assertThat(result.persona() != null || result.problems().stream().anyMatch(PersonaProblem::isError))
                    .as("%s is either a persona or has an error", fuzzed)
                    .isTrue();
            for (PersonaProblem problem : result.problems()) {
                if (!located(problem, display)) {
                    unlocated.add(problem.describe() + "   <- " + fuzzed.mutations());
                }
            }
            outcomes.merge(
                    result.persona() != null
                            ? "valid"
                            : result.problems().stream()
                                            .filter(PersonaProblem::isError)
                                            .allMatch(p -> p.pointer().isEmpty())
                                    ? "invalid as a whole"
                                    : "invalid in a field",
                    1,
                    Integer::sum);
        }
        System.out.printf("PersonaFileFuzzTest: %d fuzzed files (seed %d): %s%n", FILES, SEED, outcomes);
        assertThat(unlocated).as("problems without file, field and reason").isEmpty();
        assertThat(outcomes).containsKeys("invalid as a whole", "invalid in a field");
        try (Stream<Path> files = Files.list(dir)) {
            long entries = files.count();
            assertThat(documents.readDirectory(dir).files()).hasSize((int) entries);
        }
    }

    private static boolean located(PersonaProblem problem, String display) {
        if (!problem.file().equals(display) || problem.reason().isBlank()) {
            return false;
        }
        if (problem.describe().lines().count() != 1) {
            return false;
        }
        if (problem.pointer().isEmpty()) {
            return !problem.isError() || WHOLE_FILE.matcher(problem.reason()).matches();
        }
        return problem.pointer().startsWith("/");
    }

    private static List<Seed> seeds() throws IOException {
        List<Seed> seeds = new ArrayList<>();
        for (Path seed : SEEDS) {
            List<Path> files;
            if (Files.isDirectory(seed)) {
                try (Stream<Path> listing = Files.list(seed)) {
                    files = listing.sorted().toList();
                }
            } else {
                files = List.of(seed);
            }
            for (Path file : files) {
                boolean yaml = !file.toString().endsWith(".json");
                String text = Files.readString(file);
                seeds.add(new Seed(
                        file.getFileName().toString(), yaml ? YAML.readTree(text) : JSON.readTree(text), yaml));
            }
        }
        return seeds;
    }

    private Case write(Path dir, int n, Seed seed) throws IOException {
        List<String> mutations = new ArrayList<>();
        mutations.add(seed.name());
        JsonNode tree = seed.tree().deepCopy();
        int structural = 1 + random.nextInt(3);
        for (int i = 0; i < structural; i++) {
            tree = mutate(tree, mutations);
        }
        boolean yaml = random.nextInt(4) == 0 ? !seed.yaml() : seed.yaml();
        String text = yaml
                ? YAML.writeValueAsString(tree)
                : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(3) == 0) {
            bytes = corrupt(bytes, mutations);
        }
        Path file = dir.resolve("fuzz-%04d.%s".formatted(n, yaml ? "yaml" : "json"));
        Files.write(file, bytes);
        return new Case(file, mutations);
    }

    /** One change at a random place of the tree: a wrong type, a missing key, an odd value, deep nesting. */
    private JsonNode mutate(JsonNode tree, List<String> mutations) {
        List<String> pointers = new ArrayList<>();
        collect(tree, "", pointers);
        String pointer = pointers.get(random.nextInt(pointers.size()));
        if (pointer.isEmpty()) {
            int kind = random.nextInt(3);
            mutations.add("root -> " + List.of("array", "string", "nothing").get(kind));
            return switch (kind) {
                case 0 -> NODES.arrayNode().add(tree);
                case 1 -> NODES.stringNode("just a string");
                default -> NODES.objectNode();
            };
        }
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = tree.at(pointer.substring(0, cut));
        String key = pointer.substring(cut + 1).replace("~1", "/").replace("~0", "~");
        if (random.nextInt(6) == 0 && parent instanceof ObjectNode object) {
            object.remove(key);
            mutations.add("removed " + pointer);
            return tree;
        }
        JsonNode value = oddValue(mutations, pointer);
        if (parent instanceof ObjectNode object) {
            object.set(key, value);
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(key), value);
        }
        return tree;
    }

    private JsonNode oddValue(List<String> mutations, String pointer) {
        int kind = random.nextInt(14);
        mutations.add(pointer + " -> kind " + kind);
        return switch (kind) {
            case 0 -> NODES.numberNode(random.nextInt(2) == 0 ? -1 : Long.MAX_VALUE);
            case 1 -> NODES.numberNode(new java.math.BigDecimal("1e400"));
            case 2 -> NODES.numberNode(new java.math.BigInteger("99999999999999999999999999"));
            case 3 -> NODES.booleanNode(random.nextBoolean());
            case 4 -> NODES.nullNode();
            case 5 -> NODES.stringNode("");
            case 6 -> NODES.stringNode("x".repeat(200_000));
            case 7 -> NODES.stringNode("lone \uD800 surrogate and \u0000 nul and \u001b[31m escape");
            case 8 -> NODES.stringNode("\u202Eright to left\u200B zero width \uFEFF bom \uFFFF");
            case 9 -> NODES.arrayNode().add("a").add(1).add(NODES.objectNode());
            case 10 -> NODES.objectNode().put("unexpected", "member");
            case 11 -> deep(50);
            case 12 -> NODES.stringNode("${NOT_SET_ANYWHERE}");
            default -> NODES.numberNode(random.nextDouble() * 1e6 - 5e5);
        };
    }

    private static JsonNode deep(int levels) {
        ArrayNode root = NODES.arrayNode();
        ArrayNode current = root;
        for (int i = 0; i < levels; i++) {
            ArrayNode next = NODES.arrayNode();
            current.add(next);
            current = next;
        }
        return root;
    }

    /**
     * A byte-level change: truncated, invalid UTF-8, a tab, garbage, a second document, too deep nesting, a NUL byte.
     */
    private byte[] corrupt(byte[] bytes, List<String> mutations) {
        int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
        int kind = random.nextInt(7);
        mutations.add("bytes kind " + kind + " at " + at);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (kind) {
            case 0 -> out.write(bytes, 0, at);
            case 1 -> {
                out.write(bytes, 0, at);
                out.write(random.nextInt(2) == 0 ? 0xC3 : 0xFF);
                out.write(0x28);
                out.write(bytes, at, bytes.length - at);
            }
            case 2 -> {
                out.write(bytes, 0, at);
                out.write('\t');
                out.write(bytes, at, bytes.length - at);
            }
            case 3 -> {
                out.write(bytes, 0, at);
                out.writeBytes("\n}{]\"::,-\n".getBytes(StandardCharsets.UTF_8));
                out.write(bytes, at, bytes.length - at);
            }
            case 4 -> {
                out.writeBytes(bytes);
                out.writeBytes("\n{\"id\": \"second\"}".getBytes(StandardCharsets.UTF_8));
            }
            case 5 -> {
                // nesting far deeper than the parser allows (500)
                String deep = "[".repeat(3_000) + "]".repeat(3_000);
                if (bytes.length > 0 && bytes[0] == '{') {
                    out.write('{');
                    out.writeBytes(("\"deep\": " + deep + ",").getBytes(StandardCharsets.UTF_8));
                    out.write(bytes, 1, bytes.length - 1);
                } else {
                    out.writeBytes(("deep: " + deep + "\n").getBytes(StandardCharsets.UTF_8));
                    out.writeBytes(bytes);
                }
            }
            default -> {
                out.write(bytes, 0, at);
                out.write(0);
                out.write(bytes, at, bytes.length - at);
            }
        }
        return out.toByteArray();
    }

    private static void collect(JsonNode node, String pointer, List<String> pointers) {
        pointers.add(pointer);
        if (node instanceof ObjectNode object) {
            object.properties()
                    .forEach(member -> collect(
                            member.getValue(),
                            pointer + "/" + member.getKey().replace("~", "~0").replace("/", "~1"),
                            pointers));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                collect(array.get(i), pointer + "/" + i, pointers);
            }
        }
    }
}
