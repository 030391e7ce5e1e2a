package dev.puppetengine.social.twitter;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Body;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one check of X traffic in the tests, shared by the client tests (WireMock) and the sandbox tests: a request and
 * its response must match {@code x-api-v2-openapi.wire.json}, the names {@code api.x.com} really speaks
 * ({@code tweet.fields}, {@code referenced_tweets}, {@code includes.tweets}). Unknown query parameters, unknown
 * field or expansion values, properties a schema does not name and missing required properties are errors.
 */
public final class XWireFile {

    /** On the class path from {@code src/main/resources}: the sandbox validates requests against the same file. */
    public static final String LOCATION = "x-api-v2-openapi.wire.json";

    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator.createForSpecificationUrl(
                    LOCATION)
            .withLevelResolver(LevelResolver.create()
                    .withLevel("validation.request.parameter.query.unexpected", ValidationReport.Level.ERROR)
                    .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR)
                    .withLevel("validation.response.body.schema.additionalProperties", ValidationReport.Level.ERROR)
                    .withLevel("validation.request.body.schema.additionalProperties", ValidationReport.Level.ERROR)
                    .build())
            .build();

    private static final List<String> POST_DEFAULTS = List.of("id", "text", "edit_history_tweet_ids");
    private static final List<String> USER_DEFAULTS = List.of("id", "name", "username");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private XWireFile() {}

    /** The errors of one exchange, empty when X would send and accept it. */
    public static List<String> errors(Request request, Response response) {
        if (isBlankProblem(response)) {
            List<String> errors = new ArrayList<>(requestErrors(request));
            errors.addAll(blankProblemErrors(response));
            return errors;
        }
        List<String> errors = new ArrayList<>(errorsOf(VALIDATOR.validate(request, response)));
        errors.addAll(defaultFieldErrors(request.getMethod(), request.getPath(), response));
        return errors;
    }

    /**
     * The file marks no property of a Post or a User required, but X always sends its default fields: {@code id},
     * {@code text} and {@code edit_history_tweet_ids} of every Post, {@code id}, {@code name} and {@code username}
     * of every User, in {@code data} and in {@code includes} alike.
     */
    static List<String> defaultFieldErrors(Request.Method method, String path, Response response) {
        String body = bodyOf(response);
        if (method != Request.Method.GET || response.getStatus() != 200 || body.isEmpty() || !path.startsWith("/2/")) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            return List.of("not JSON: " + e.getOriginalMessage());
        }
        List<String> errors = new ArrayList<>();
        boolean users = path.matches("/2/users/(me|[0-9]+|by/username/[^/]+)");
        boolean posts = path.matches("/2/tweets(/[0-9]+|/search/recent)?|/2/users/[0-9]+/(mentions|tweets)");
        if (users || posts) {
            JsonNode data = root.path("data");
            for (JsonNode item : data.isArray() ? data.values() : List.of(data)) {
                if (!item.isMissingNode()) {
                    errors.addAll(missing("data", item, users ? USER_DEFAULTS : POST_DEFAULTS));
                }
            }
        }
        for (JsonNode post : root.path("includes").path("tweets").values()) {
            errors.addAll(missing("includes.tweets", post, POST_DEFAULTS));
        }
        for (JsonNode user : root.path("includes").path("users").values()) {
            errors.addAll(missing("includes.users", user, USER_DEFAULTS));
        }
        return errors;
    }

    /**
     * X answers 401, 403 and 429 with plain RFC 7807 problems ({@code "type":"about:blank"}), a shape the file's
     * {@code Problem} (X's typed problems only) does not list: those must carry title, type, status and detail, and
     * the status must be the response's.
     */
    private static boolean isBlankProblem(Response response) {
        if (response.getStatus() < 400) {
            return false;
        }
        try {
            return JSON.readTree(bodyOf(response)).path("type").asString("").equals("about:blank");
        } catch (JacksonException e) {
            return false;
        }
    }

    private static List<String> blankProblemErrors(Response response) {
        JsonNode problem = JSON.readTree(bodyOf(response));
        List<String> errors =
                new ArrayList<>(missing("problem", problem, List.of("title", "type", "status", "detail")));
        if (problem.path("status").asInt() != response.getStatus()) {
            errors.add("problem status " + problem.path("status") + " is not the response's " + response.getStatus());
        }
        if (!response.getContentType().orElse("").startsWith("application/problem+json")) {
            errors.add("a problem is sent as application/problem+json, not " + response.getContentType());
        }
        problem.propertyNames().forEach(name -> {
            if (!List.of("title", "type", "status", "detail").contains(name)) {
                errors.add("problem has the unknown property '" + name + "'");
            }
        });
        return errors;
    }

    private static String bodyOf(Response response) {
        Optional<Body> body = response.getResponseBody();
        if (body.isEmpty() || !body.get().hasBody()) {
            return "";
        }
        try {
            return body.get().toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> missing(String where, JsonNode item, List<String> fields) {
        return fields.stream()
                .filter(field -> !item.has(field))
                .map(field -> where + " lacks X's default field '" + field + "': " + item)
                .toList();
    }

    public static List<String> requestErrors(Request request) {
        return errorsOf(VALIDATOR.validateRequest(request));
    }

    public static List<String> responseErrors(String path, Request.Method method, Response response) {
        if (isBlankProblem(response)) {
            return blankProblemErrors(response);
        }
        List<String> errors = new ArrayList<>(errorsOf(VALIDATOR.validateResponse(path, method, response)));
        errors.addAll(defaultFieldErrors(method, path, response));
        return errors;
    }

    /** Fails the test, naming the exchange, unless it matches the wire file. */
    public static void assertValid(Request request, Response response) {
        assertThat(errors(request, response))
                .as("%s %s against %s", request.getMethod(), request.getPath(), LOCATION)
                .isEmpty();
    }

    /**
     * A request as the validator reads it. {@code prefix} is cut from the path (the sandbox's old {@code /sandbox/x}
     * root); the query is decoded, repeated names kept.
     */
    public static Request request(
            String method, URI uri, String prefix, Map<String, List<String>> headers, @Nullable String body) {
        String path = uri.getRawPath();
        if (!prefix.isEmpty() && path.startsWith(prefix)) {
            path = path.substring(prefix.length());
        }
        SimpleRequest.Builder request = new SimpleRequest.Builder(method, path);
        query(uri.getRawQuery()).forEach(request::withQueryParam);
        headers.forEach(request::withHeader);
        if (body != null && !body.isEmpty()) {
            request.withBody(body);
        }
        return request.build();
    }

    public static Response response(int status, Map<String, List<String>> headers, @Nullable String body) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        headers.forEach(response::withHeader);
        if (body != null && !body.isEmpty()) {
            response.withBody(body);
        }
        return response.build();
    }

    public static Map<String, List<String>> query(@Nullable String raw) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            String[] parts = pair.split("=", 2);
            parameters
                    .computeIfAbsent(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return parameters;
    }

    private static List<String> errorsOf(ValidationReport report) {
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> operationOf(m) + m.getKey() + ": " + m.getMessage())
                .toList();
    }

    /**
     * The operation a message is about, as the file's path template ({@code /2/tweets/{id}: }; the exchange names the
     * method), or nothing when no operation matched.
     */
    private static String operationOf(ValidationReport.Message message) {
        return message.getContext()
                .flatMap(ValidationReport.MessageContext::getApiOperation)
                .map(operation -> operation.getApiPath().original() + ": ")
                .orElse("");
    }
}
