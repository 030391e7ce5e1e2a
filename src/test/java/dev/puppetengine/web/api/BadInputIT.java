package dev.puppetengine.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 8, Done-when 3: every {@code /api} endpoint of the running engine — enumerated from its handler mappings, so
 * new endpoints are walked too — answers bad input (wrong methods, bodies of the wrong JSON types, malformed and
 * empty bodies, wrong content types, garbage and unsatisfiable {@code Accept}, over-long strings, NUL, control
 * characters and lone surrogates, bad query parameters and path variables) with a 4xx problem JSON whose
 * {@code status} is the HTTP status: never a 500, never HTML. With the operator token, so no refusal is an auth one.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:bad-input-it;DB_CLOSE_DELAY=-1",
            "puppet.config-dir=config/agents",
            "puppet.data-dir=target/bad-input-it",
            "puppet.memory.embedder=hashing",
            ApiToken.ENV_VARIABLE + "=" + BadInputIT.TOKEN
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {

    static final String TOKEN = "bad-input-it-token";
    private static final String PERSONA = "tess";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<RequestMethod> PROBED_METHODS = EnumSet.of(
            RequestMethod.GET,
            RequestMethod.POST,
            RequestMethod.PUT,
            RequestMethod.PATCH,
            RequestMethod.DELETE,
            RequestMethod.TRACE);
    private static final String LONG = "x".repeat(5_000);

    /**
     * A valid body per endpoint that takes one: each case breaks one thing of it. A new body endpoint fails the
     * walk until it has an entry here.
     */
    /** Values the generic walk counts as wrong that a field takes by its contract: a shift of -1, no targets. */
    private static final Map<String, Set<String>> VALID_BY_CONTRACT = Map.of(
            "valenceShift", Set.of("-1"),
            "arousalShift", Set.of("-1"),
            "dominanceShift", Set.of("-1"),
            "targetAgentIds", Set.of("[]"),
            "force", Set.of("null"),
            "paused", Set.of("null"),
            "approval", Set.of("null"));

    private static final Map<String, String> VALID_BODIES = Map.ofEntries(
            Map.entry("PATCH /api/agents/{id}", "{\"active\": true}"),
            // An existing id: whatever a broken copy parses to, it names Tess, so nothing is written to config/agents.
            Map.entry("POST /api/agents", "{\"id\": \"tess\", \"name\": \"Tess\"}"),
            Map.entry("POST /api/agents/{id}/post", "{\"topic\": \"hello\", \"force\": false}"),
            Map.entry("POST /api/agents/{id}/reply", "{\"postId\": \"1\", \"text\": \"hello there\"}"),
            Map.entry("POST /api/approvals/{id}/approve", "{\"text\": \"hello there\"}"),
            Map.entry("POST /api/approvals/{id}/reject", "{\"reason\": \"off topic\"}"),
            Map.entry(
                    "POST /api/agents/{id}/memories",
                    "{\"content\": \"a memory\", \"type\": \"event\", \"importance\": 0.5}"),
            Map.entry(
                    "POST /api/sandbox/posts",
                    "{\"author\": \"bad_input\", \"text\": \"hello there\", \"inReplyTo\": null}"),
            Map.entry(
                    "POST /api/agents/{id}/mood",
                    "{\"valenceShift\": 0.1, \"arousalShift\": 0.1, \"dominanceShift\": 0}"),
            Map.entry(
                    "POST /api/events",
                    "{\"type\": \"news\", \"data\": {\"headline\": \"hello\"}, \"targetAgentIds\": [\"juniper\"],"
                            + " \"priority\": \"low\", \"delaySeconds\": 3600}"));

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final Map<String, Set<RequestMethod>> methodsByPath = new TreeMap<>();

    /** One mapped method of one path pattern, with its handler. */
    record Endpoint(String pattern, RequestMethod method, HandlerMethod handler) {
        String path() {
            return pattern.replaceAll("\\{[^}]+}", PERSONA);
        }

        String key() {
            return method + " " + pattern;
        }

        @Nullable
        MethodParameter body() {
            for (MethodParameter parameter : handler.getMethodParameters()) {
                if (parameter.hasParameterAnnotation(RequestBody.class)) {
                    return parameter;
                }
            }
            return null;
        }
    }

    /** What was sent and what came back, for the failure report. */
    record Answer(String request, int status, String contentType, String body) {}

    @BeforeAll
    void enumerateEndpoints() {
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry :
                mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            if (info.getPathPatternsCondition() == null) {
                continue;
            }
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPathPatternsCondition().getPatternValues()) {
                if (!pattern.startsWith("/api")) {
                    continue;
                }
                for (RequestMethod method : methods.isEmpty() ? PROBED_METHODS : methods) {
                    endpoints.add(new Endpoint(pattern, method, entry.getValue()));
                    methodsByPath
                            .computeIfAbsent(pattern, p -> EnumSet.noneOf(RequestMethod.class))
                            .add(method);
                }
            }
        }
    }

    @Test
    void the_walk_covers_every_api_endpoint() {
        assertThat(methodsByPath.keySet())
                .contains(
                        "/api/status",
                        "/api/agents",
                        "/api/agents/{id}",
                        "/api/agents/{id}/context",
                        "/api/agents/{id}/memories",
                        "/api/posts",
                        "/api/usage",
                        "/api/sandbox/timeline",
                        "/api/sandbox/posts",
                        "/api/sandbox/timeline/stream");
        for (Endpoint endpoint : endpoints) {
            if (endpoint.body() != null) {
                assertThat(VALID_BODIES)
                        .as("a valid body for " + endpoint.key())
                        .containsKey(endpoint.key());
            }
        }
    }

    @Test
    void every_bad_request_to_every_endpoint_is_a_4xx_problem() throws Exception {
        List<Answer> answers = new ArrayList<>();
        for (Map.Entry<String, Set<RequestMethod>> path : methodsByPath.entrySet()) {
            String concrete = path.getKey().replaceAll("\\{[^}]+}", PERSONA);
            for (RequestMethod method : PROBED_METHODS) {
                if (!path.getValue().contains(method)) {
                    answers.add(send(method.name(), concrete, null, null, "application/json"));
                }
            }
            answers.add(send("GET", concrete + "/no-such-thing", null, null, "application/json"));
            answers.add(send("GET", concrete + "%00", null, null, "application/json"));
        }
        for (Endpoint endpoint : endpoints) {
            answers.addAll(badRequests(endpoint));
        }
        answers.add(send("GET", "/api", null, null, "application/json"));
        answers.add(send("GET", "/api/no-such-endpoint", null, null, "text/html"));

        List<String> wrong = answers.stream()
                .filter(answer -> !isProblem(answer))
                .map(answer -> answer.request() + " -> " + answer.status() + " " + answer.contentType() + " "
                        + cut(answer.body()))
                .toList();
        assertThat(answers).hasSizeGreaterThan(300);
        assertThat(wrong).as("answers that are not a 4xx problem JSON").isEmpty();
    }

    @Test
    void a_sandbox_post_under_a_personas_handle_is_a_409_and_posts_nothing() throws Exception {
        for (String author : List.of(PERSONA, "@" + PERSONA.toUpperCase(java.util.Locale.ROOT), "juniper")) {
            Answer answer = send(
                    "POST",
                    "/api/sandbox/posts",
                    "{\"author\": \"" + author + "\", \"text\": \"posing as a persona\"}",
                    "application/json",
                    "application/json");

            assertThat(answer.status()).as(author).isEqualTo(409);
            assertThat(isProblem(answer)).isTrue();
            assertThat(JSON.readTree(answer.body()).get("detail").asString())
                    .isEqualTo("that handle belongs to a persona; personas post only through their own OAuth"
                            + " credentials");
        }
        Answer timeline = send("GET", "/api/sandbox/timeline?limit=200", null, null, "application/json");
        assertThat(timeline.body()).doesNotContain("posing as a persona");
    }

    private List<Answer> badRequests(Endpoint endpoint) throws Exception {
        List<Answer> answers = new ArrayList<>();
        String method = endpoint.method().name();
        MethodParameter bodyParameter = endpoint.body();
        String valid = bodyParameter == null ? null : VALID_BODIES.get(endpoint.key());
        String type = valid == null ? null : "application/json";
        String path = endpoint.path();

        for (String accept : List.of("???", "text/html", "image/png", "application/json;q=0, text/plain")) {
            answers.add(send(method, path, valid, type, accept));
        }
        for (MethodParameter parameter : endpoint.handler().getMethodParameters()) {
            parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
            RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
            if (query != null) {
                String name = query.name().isEmpty() ? parameter.getParameterName() : query.name();
                for (String value : badValues(parameter.getParameterType())) {
                    answers.add(send(method, path + "?" + name + "=" + value, valid, type, "application/json"));
                }
            }
            if (parameter.hasParameterAnnotation(PathVariable.class)) {
                for (String value : List.of(LONG, "%00", "%01", "%0A", "%ED%A0%80", "nobody", "NOT%20AN%20ID")) {
                    String bad = endpoint.pattern().replaceAll("\\{[^}]+}", value);
                    answers.add(send(method, bad, valid, type, "application/json"));
                }
            }
        }
        if (valid != null && bodyParameter != null) {
            for (String contentType : List.of(
                    "text/plain",
                    "*/*",
                    "application/*",
                    "application/xml",
                    "application/x-www-form-urlencoded",
                    "???")) {
                answers.add(send(method, path, valid, contentType, "application/json"));
            }
            for (String body : badBodies(valid, bodyParameter.getParameterType())) {
                answers.add(send(method, path, body, "application/json", "application/json"));
            }
        }
        return answers;
    }

    private static List<String> badValues(Class<?> type) {
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return List.of("abc", "0", "-1", "99999999999999999999", "1.5", "1e3", "%00");
        }
        return List.of(LONG, "%00", "%01", "%0A", "%E2%80%AE", "%ED%A0%80", "%FF");
    }

    /** Malformed bodies, then the valid body with one field at a time of the wrong type or a bad string. */
    private static List<String> badBodies(String valid, Class<?> bodyType) {
        List<String> bodies = new ArrayList<>(
                List.of("", "{", "{\"a\":", "[]", "\"text\"", "42", "true", "null", valid + " {}", valid + "x"));
        ObjectNode base = (ObjectNode) JSON.readTree(valid);
        String first = base.propertyNames().iterator().next();
        bodies.add(valid.replaceFirst("\\{", "{\"" + first + "\": " + base.get(first) + ", "));
        if (!bodyType.isRecord()) {
            return new ArrayList<>(new TreeSet<>(bodies));
        }
        for (RecordComponent component : bodyType.getRecordComponents()) {
            Class<?> type = component.getType();
            List<String> wrongValues = new ArrayList<>(List.of("{}", "[]"));
            if (type == String.class) {
                wrongValues.addAll(List.of(
                        "42",
                        "1.5",
                        "true",
                        "\"\\u0000\"",
                        "\"a\\ud800\"",
                        "\"\\udc00b\"",
                        "\"a\\u0001b\"",
                        "\"" + "y".repeat(10_000) + "\""));
            } else if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
                wrongValues.addAll(List.of("\"0.5\"", "\"1\"", "true", "\"\"", "-1", "1e308"));
            } else if (type == Boolean.class || type == boolean.class) {
                wrongValues.addAll(List.of("\"true\"", "\"false\"", "1", "0", "\"\"", "null"));
            }
            wrongValues.removeAll(VALID_BY_CONTRACT.getOrDefault(component.getName(), Set.of()));
            for (String wrong : wrongValues) {
                // Spliced in as written, so escapes such as \ud800 reach the server as escapes.
                ObjectNode broken = base.deepCopy();
                broken.put(component.getName(), "@@wrong@@");
                bodies.add(JSON.writeValueAsString(broken).replace("\"@@wrong@@\"", wrong));
            }
        }
        return new ArrayList<>(new TreeSet<>(bodies));
    }

    private Answer send(String method, String path, @Nullable String body, @Nullable String contentType, String accept)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Accept", accept)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        String described = method + " " + cut(path) + " Accept: " + accept
                + (contentType == null ? "" : " Content-Type: " + contentType)
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
            JsonNode problem = JSON.readTree(answer.body());
            return problem.path("status").asInt() == answer.status()
                    && problem.hasNonNull("title")
                    && problem.hasNonNull("type");
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    /** At most 120 characters, anything but printable ASCII escaped, so the report stays readable. */
    private static String cut(String text) {
        StringBuilder shown = new StringBuilder();
        for (char c : text.substring(0, Math.min(120, text.length())).toCharArray()) {
            shown.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return text.length() <= 120 ? shown.toString() : shown + "...(" + text.length() + ")";
    }
}
