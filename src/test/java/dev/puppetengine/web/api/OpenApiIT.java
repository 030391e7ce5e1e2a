package dev.puppetengine.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 12: the OpenAPI document at {@code /v3/api-docs} describes the operator API as it answers. The engine boots
 * once; every operation is read from the document (so operations added later are walked with no edit here), then
 * (1) each gets bad input — malformed and wrongly typed bodies, unknown enum values, missing required members, bad
 * path and query parameters, an unknown persona — and must answer a 4xx problem, never a 5xx; (2) a representative
 * valid call of each is checked, request and response, against the document with {@code swagger-request-validator}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:openapi-it;DB_CLOSE_DELAY=-1",
            "puppet.config-dir=" + OpenApiIT.CONFIG_DIR,
            "puppet.data-dir=target/openapi-it/data",
            "puppet.memory.embedder=hashing",
            ApiToken.ENV_VARIABLE + "=" + OpenApiIT.TOKEN
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiIT {

    static final String TOKEN = "openapi-it-token";
    static final String CONFIG_DIR = "target/openapi-it/agents";
    private static final String PERSONA = "tess";
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");
    private static final String LONG = "x".repeat(5_000);

    /**
     * Valid bodies that say more than the document's required members would (a new persona, a real shift); an
     * operation without an entry gets a body made from its schema.
     */
    private static final Map<String, String> VALID_BODIES = Map.of(
            "POST /api/agents",
            "{\"id\": \"wren\", \"name\": \"Wren Okafor\", \"personality\": {\"traits\": [\"curious\"]}}",
            "POST /api/agents/{id}/post",
            "{\"topic\": \"the harbour at dawn\", \"force\": true}",
            "POST /api/agents/{id}/memories",
            "{\"content\": \"a memory\", \"type\": \"event\", \"importance\": 0.5}",
            "POST /api/agents/{id}/mood",
            "{\"valenceShift\": 0.1, \"arousalShift\": 0.1, \"dominanceShift\": 0}",
            "POST /api/sandbox/posts",
            "{\"author\": \"openapi_it\", \"text\": \"hello there\"}",
            "POST /api/events",
            "{\"type\": \"news\", \"data\": {\"headline\": \"hello\", \"topic\": \"weather\"},"
                    + " \"targetAgentIds\": [\"juniper\"], \"priority\": \"low\", \"delaySeconds\": 3600}",
            "PATCH /api/agents/{id}",
            "{\"active\": true}");

    static {
        // The sample cast in a scratch config dir: a call that creates a persona writes nothing real.
        try {
            Path dir = Path.of(CONFIG_DIR);
            if (Files.exists(dir)) {
                try (Stream<Path> old = Files.walk(dir)) {
                    for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            Files.createDirectories(dir);
            try (Stream<Path> samples = Files.list(Path.of("config/agents"))) {
                for (Path sample : samples.toList()) {
                    Files.copy(sample, dir.resolve(sample.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private String documentText = "";
    private JsonNode document = JsonNodeFactory.instance.objectNode();
    private final List<Operation> operations = new ArrayList<>();

    /** One operation of the document. */
    record Operation(String method, String path, JsonNode spec) {
        String key() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }

        List<JsonNode> parameters(String in) {
            return spec.path("parameters")
                    .valueStream()
                    .filter(parameter -> parameter.path("in").asString().equals(in))
                    .toList();
        }

        boolean streams() {
            return spec.path("responses").path("200").path("content").has("text/event-stream");
        }
    }

    /** What was sent and what came back. */
    record Answer(String request, int status, String contentType, String body) {}

    @BeforeAll
    void readTheDocument() throws Exception {
        HttpResponse<String> answer =
                http.send(HttpRequest.newBuilder(uri("/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        documentText = answer.body();
        document = ApiClient.JSON.readTree(documentText);
        document.path("paths").properties().forEach(path -> {
            for (String method : METHODS) {
                if (path.getValue().has(method)) {
                    operations.add(
                            new Operation(method, path.getKey(), path.getValue().get(method)));
                }
            }
        });
    }

    @Test
    void the_document_describes_the_operator_api_and_it_and_swagger_ui_are_served_without_the_token() throws Exception {
        assertThat(operations).hasSizeGreaterThanOrEqualTo(21);
        assertThat(operations)
                .allSatisfy(operation -> assertThat(operation.path()).startsWith("/api/"));
        assertThat(operations)
                .extracting(Operation::key)
                .contains("GET /api/status", "POST /api/agents", "GET /api/agents/{id}/memories", "GET /api/posts");
        assertThat(document.path("components").path("securitySchemes").path(OpenApiConfiguration.BEARER))
                .hasToString("{\"type\":\"http\",\"description\":\"PUPPET_API_TOKEN, or the contents of"
                        + " DATA_DIR/api-token\",\"scheme\":\"bearer\"}");
        assertThat(document.path("security").toString()).contains(OpenApiConfiguration.BEARER);
        assertThat(operations)
                .extracting(operation -> operation.spec().path("operationId").asString())
                .doesNotHaveDuplicates()
                .allMatch(id -> id.matches("(get|post|put|patch|delete)[A-Z][A-Za-z]*"))
                .contains("getAgentsByIdMemories", "postAgents");
        assertThat(operations)
                .filteredOn(Operation::streams)
                .allSatisfy(stream -> assertThat(stream.spec()
                                .path("responses")
                                .path("200")
                                .path("content")
                                .path("text/event-stream")
                                .path("schema")
                                .path("type")
                                .asString())
                        .isEqualTo("string"));
        assertThat(document.path("components").path("schemas").has("SseEmitter"))
                .isFalse();

        HttpResponse<String> ui = http.send(
                HttpRequest.newBuilder(uri("/swagger-ui/index.html")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui-bundle.js").doesNotContain("https://");
        HttpResponse<String> bundle = http.send(
                HttpRequest.newBuilder(uri("/swagger-ui/swagger-ui-bundle.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bundle.statusCode()).isEqualTo(200);
        HttpResponse<String> entry = http.send(
                HttpRequest.newBuilder(uri("/swagger-ui.html")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(entry.statusCode()).isEqualTo(302);
        assertThat(entry.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/swagger-ui/index.html"));
    }

    @Test
    void every_operation_answers_bad_input_with_a_4xx_problem() throws Exception {
        List<Answer> answers = new ArrayList<>();
        int withInput = 0;
        for (Operation operation : operations) {
            List<Answer> bad = badRequests(operation);
            if (!bad.isEmpty()) {
                withInput++;
            }
            answers.addAll(bad);
            // Whatever an operation takes, an Accept it cannot answer is bad input too.
            answers.add(send(operation.method(), samplePath(operation), validBody(operation), "image/png"));
        }
        List<String> wrong = answers.stream()
                .filter(answer -> !isProblem(answer))
                .map(answer -> answer.request() + " -> " + answer.status() + " " + answer.contentType() + " "
                        + cut(answer.body()))
                .toList();
        System.out.printf(
                "OpenApiIT walked %d operations (%d with parameters or a body), %d bad requests%n",
                operations.size(), withInput, answers.size());
        assertThat(wrong).as("answers that are not a 4xx problem").isEmpty();
        assertThat(withInput).isGreaterThanOrEqualTo(operations.size() - 3);
    }

    @Test
    void a_representative_call_of_each_operation_matches_the_document() throws Exception {
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(
                        documentText)
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.response.body.schema.additionalProperties", ValidationReport.Level.ERROR)
                        .withLevel("validation.request.body.schema.additionalProperties", ValidationReport.Level.ERROR)
                        .build())
                .build();
        Map<String, List<String>> errors = new LinkedHashMap<>();
        Map<String, Integer> statuses = new LinkedHashMap<>();
        for (Operation operation : operations) {
            if (operation.streams()) {
                continue;
            }
            String path = samplePath(operation);
            String body = validBody(operation);
            Answer answer = send(operation.method(), path, body, "application/json");
            assertThat(answer.status())
                    .as(answer.request() + " " + answer.body())
                    .isBetween(200, 499);
            SimpleRequest.Builder request = new SimpleRequest.Builder(
                            Request.Method.valueOf(operation.method().toUpperCase(Locale.ROOT)), path)
                    .withAccept("application/json")
                    .withAuthorization("Bearer " + TOKEN);
            if (body != null) {
                request.withContentType("application/json").withBody(body);
            }
            SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.status())
                    .withContentType(answer.contentType())
                    .withBody(answer.body(), StandardCharsets.UTF_8);
            statuses.put(operation.key(), answer.status());
            ValidationReport report = validator.validate(request.build(), response.build());
            List<String> found = report.getMessages().stream()
                    .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                    .map(message -> message.getKey() + ": " + message.getMessage())
                    .toList();
            if (!found.isEmpty()) {
                errors.put(answer.request() + " -> " + answer.status() + " " + cut(answer.body()), found);
            }
        }
        System.out.println("OpenApiIT checked against the document: " + statuses);
        assertThat(errors).as("exchanges that do not match the document").isEmpty();
        assertThat(statuses).isNotEmpty();
    }

    private List<Answer> badRequests(Operation operation) throws Exception {
        List<Answer> answers = new ArrayList<>();
        String method = operation.method();
        String valid = validBody(operation);
        for (JsonNode parameter : operation.parameters("path")) {
            for (String value : badValues(parameter)) {
                String path = samplePath(operation, parameter.path("name").asString(), value);
                answers.add(send(method, path, valid, "application/json"));
            }
        }
        for (JsonNode parameter : operation.parameters("query")) {
            for (String value : badValues(parameter)) {
                String path =
                        samplePath(operation) + "?" + parameter.path("name").asString() + "=" + value;
                answers.add(send(method, path, valid, "application/json"));
            }
        }
        JsonNode bodySchema = bodySchema(operation);
        if (bodySchema != null && valid != null) {
            for (String body : badBodies(valid, bodySchema)) {
                answers.add(send(method, samplePath(operation), body, "application/json"));
            }
        }
        return answers;
    }

    /** Wrong values for a parameter by its schema: not a number, out of range, not one of the enum, no persona. */
    private List<String> badValues(JsonNode parameter) {
        JsonNode schema = resolve(parameter.path("schema"));
        String name = parameter.path("name").asString();
        List<String> values = new ArrayList<>();
        switch (schema.path("type").asString()) {
            case "integer", "number" -> values.addAll(List.of("abc", "-1", "1.5", "99999999999999999999", "%00"));
            case "boolean" -> values.addAll(List.of("maybe", "%00"));
            default -> {
                values.addAll(List.of(LONG, "%00", "%0A", "%ED%A0%80"));
                if (schema.has("enum")) {
                    values.add("no-such-value");
                }
                if (namesPersona(name)) {
                    values.addAll(List.of("nobody", "NOT%20AN%20ID"));
                }
            }
        }
        return values;
    }

    private static boolean namesPersona(String name) {
        return name.equals("id") || name.equals("agentId") || name.equals("personaId");
    }

    /** Malformed JSON, JSON of the wrong shape, then the valid body with one member broken or missing at a time. */
    private List<String> badBodies(String valid, JsonNode schema) {
        List<String> bodies = new ArrayList<>(List.of("", "{", "{\"a\":", "[]", "42", "\"text\"", "null", valid + "x"));
        ObjectNode base = (ObjectNode) ApiClient.JSON.readTree(valid);
        JsonNode properties = schema.path("properties");
        properties.properties().forEach(member -> {
            JsonNode property = resolve(member.getValue());
            List<String> wrong = new ArrayList<>(
                    switch (property.path("type").asString()) {
                        case "string" -> List.of("42", "true", "{}", "\"\\u0000\"");
                        case "integer" -> List.of("\"abc\"", "1.5", "true", "{}");
                        case "number" -> List.of("\"abc\"", "true", "{}", "1e400");
                        case "boolean" -> List.of("\"yes\"", "1", "{}");
                        case "array" -> List.of("42", "{}", "\"a\"");
                        default -> List.of("42", "\"a\"", "[]");
                    });
            if (property.has("enum")) {
                wrong.add("\"no-such-value\"");
            }
            for (String value : wrong) {
                ObjectNode broken = base.deepCopy();
                broken.put(member.getKey(), "@@wrong@@");
                bodies.add(ApiClient.JSON.writeValueAsString(broken).replace("\"@@wrong@@\"", value));
            }
        });
        for (JsonNode required : schema.path("required")) {
            ObjectNode without = base.deepCopy();
            without.remove(required.asString());
            bodies.add(ApiClient.JSON.writeValueAsString(without));
        }
        return bodies;
    }

    private String samplePath(Operation operation) {
        return samplePath(operation, "", "");
    }

    /** The operation's path with {@code value} for the parameter {@code name}, valid values for the others. */
    private String samplePath(Operation operation, String name, String value) {
        String path = operation.path();
        for (JsonNode parameter : operation.parameters("path")) {
            String parameterName = parameter.path("name").asString();
            String type = resolve(parameter.path("schema")).path("type").asString();
            String sample = type.equals("integer") || type.equals("number") ? "1" : PERSONA;
            path = path.replace("{" + parameterName + "}", parameterName.equals(name) ? value : sample);
        }
        return path;
    }

    private @Nullable String validBody(Operation operation) {
        JsonNode schema = bodySchema(operation);
        if (schema == null) {
            return null;
        }
        String known = VALID_BODIES.get(operation.key());
        return known != null ? known : ApiClient.JSON.writeValueAsString(sample(schema));
    }

    private @Nullable JsonNode bodySchema(Operation operation) {
        JsonNode content = operation.spec().path("requestBody").path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            return null;
        }
        return resolve(content.values().iterator().next().path("schema"));
    }

    /** A value the schema accepts: required members only, the first enum value, a persona id for strings. */
    private JsonNode sample(JsonNode schema) {
        JsonNode resolved = resolve(schema);
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (resolved.has("enum")) {
            return resolved.path("enum").get(0);
        }
        if (resolved.has("example")) {
            return resolved.path("example");
        }
        return switch (resolved.path("type").asString()) {
            case "string" -> nodes.stringNode(PERSONA);
            case "integer" ->
                nodes.numberNode(Math.max(1, resolved.path("minimum").asInt(1)));
            case "number" -> nodes.numberNode(0.5);
            case "boolean" -> nodes.booleanNode(true);
            case "array" -> nodes.arrayNode();
            default -> {
                ObjectNode object = nodes.objectNode();
                for (JsonNode required : resolved.path("required")) {
                    String name = required.asString();
                    object.set(name, sample(resolved.path("properties").path(name)));
                }
                yield object;
            }
        };
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode resolved = schema;
        while (resolved.has("$ref")) {
            String name = resolved.path("$ref").asString().replace("#/components/schemas/", "");
            resolved = document.path("components").path("schemas").path(name);
        }
        return resolved;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private Answer send(String method, String path, @Nullable String body, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Accept", accept)
                .method(
                        method.toUpperCase(Locale.ROOT),
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        String described = method.toUpperCase(Locale.ROOT) + " " + cut(path) + " Accept: " + accept
                + (body == null ? "" : " body: " + cut(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    described,
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (HttpTimeoutException noAnswer) {
            return new Answer(described, 0, "", "no answer");
        }
    }

    private static boolean isProblem(Answer answer) {
        if (answer.status() < 400 || answer.status() > 499) {
            return false;
        }
        if (!answer.contentType().startsWith("application/problem+json")) {
            return false;
        }
        try {
            JsonNode problem = ApiClient.JSON.readTree(answer.body());
            return problem.path("status").asInt() == answer.status() && problem.hasNonNull("title");
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    /** At most 120 characters, anything but printable ASCII escaped. */
    private static String cut(String text) {
        StringBuilder shown = new StringBuilder();
        for (char c : text.substring(0, Math.min(120, text.length())).toCharArray()) {
            shown.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return text.length() <= 120 ? shown.toString() : shown + "...(" + text.length() + ")";
    }
}
