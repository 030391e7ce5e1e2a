package dev.puppetengine.social.sandbox;

import dev.puppetengine.social.twitter.XEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox network's X API v2 subset, served under {@code /sandbox/x/2}: bodies, errors and rate-limit headers in
 * X's shapes (checked against {@code x-api-v2-openapi.wire.json} in the tests). Authenticated by OAuth 1.0a signature,
 * not by the operator token.
 */
@RestController
@RequestMapping("/sandbox/x/2")
final class SandboxXApiController {

    private static final MediaType PROBLEM = MediaType.parseMediaType("application/problem+json");
    private static final DateTimeFormatter CREATED_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern ID = Pattern.compile("[0-9]{1,19}");
    private static final Pattern CONVERSATION_QUERY = Pattern.compile("\\s*conversation_id:([0-9]{1,19})\\s*");
    private static final String NOT_FOUND_TYPE = "https://api.x.com/2/problems/resource-not-found";
    private static final String INVALID_TYPE = "https://api.x.com/2/problems/invalid-request";

    private final SandboxNetwork network;
    private final SandboxOAuth oauth;
    private final SandboxRateLimiter limiter;
    private final JsonMapper json;

    SandboxXApiController(SandboxNetwork network, SandboxOAuth oauth, SandboxRateLimiter limiter, JsonMapper json) {
        this.network = network;
        this.oauth = oauth;
        this.limiter = limiter;
        this.json = json;
    }

    @PostMapping("/tweets")
    ResponseEntity<Map<String, Object>> createPost(
            HttpServletRequest request,
            HttpServletResponse response,
            @RequestBody(required = false) @Nullable String body) {
        SandboxUser user = gate(request, response, XEndpoint.CREATE_POST);
        JsonNode node;
        try {
            node = json.readTree(body == null ? "" : body);
        } catch (JacksonException e) {
            throw XProblem.invalidRequest("body", "The request body is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw XProblem.invalidRequest("body", "The request body must be a JSON object.");
        }
        String text = node.path("text").asString("");
        Long replyTo = optionalId(node.path("reply").path("in_reply_to_tweet_id"), "reply.in_reply_to_tweet_id");
        Long quoteOf = optionalId(node.path("quote_tweet_id"), "quote_tweet_id");
        if (node.has("reply") && replyTo == null) {
            throw XProblem.invalidRequest("reply.in_reply_to_tweet_id", "reply.in_reply_to_tweet_id is required.");
        }
        if (text.isEmpty()) {
            throw XProblem.invalidRequest("text", "text is required unless media is provided.");
        }
        SandboxPost post = network.post(user, text, replyTo, quoteOf);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", post.id());
        data.put("text", post.text());
        data.put("edit_history_tweet_ids", List.of(post.id()));
        return json(HttpStatus.CREATED, Map.of("data", data));
    }

    @DeleteMapping("/tweets/{id}")
    ResponseEntity<Map<String, Object>> deletePost(
            HttpServletRequest request, HttpServletResponse response, @PathVariable String id) {
        SandboxUser user = gate(request, response, XEndpoint.DELETE_POST);
        network.delete(user, requireId(id, "id"));
        return json(HttpStatus.OK, Map.of("data", Map.of("deleted", true)));
    }

    @GetMapping("/tweets/{id}")
    ResponseEntity<Map<String, Object>> getPost(
            HttpServletRequest request,
            HttpServletResponse response,
            @PathVariable String id,
            @RequestParam(name = "expansions", required = false) @Nullable String expansions) {
        gate(request, response, XEndpoint.GET_POST);
        long postId = requireId(id, "id");
        Optional<SandboxPost> post = network.findPost(postId);
        if (post.isEmpty()) {
            return json(HttpStatus.OK, Map.of("errors", List.of(notFound(id, "id"))));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", wire(post.get()));
        includes(List.of(post.get()), expansions).ifPresent(i -> body.put("includes", i));
        return json(HttpStatus.OK, body);
    }

    @GetMapping("/users/me")
    ResponseEntity<Map<String, Object>> me(HttpServletRequest request, HttpServletResponse response) {
        SandboxUser user = gate(request, response, XEndpoint.USERS_ME);
        return json(HttpStatus.OK, Map.of("data", wire(user)));
    }

    @GetMapping("/users/{id}/mentions")
    ResponseEntity<Map<String, Object>> mentions(
            HttpServletRequest request,
            HttpServletResponse response,
            @PathVariable String id,
            @RequestParam Map<String, String> query) {
        gate(request, response, XEndpoint.MENTIONS);
        SandboxUser target = network.findUser(requireId(id, "id")).orElseThrow(() -> new XProblem.NotFoundUser(id));
        return page(query, 5, "pagination_token", (p) -> network.mentions(target, p.sinceId(), p.untilId(), p.limit()));
    }

    @GetMapping("/users/{id}/tweets")
    ResponseEntity<Map<String, Object>> userPosts(
            HttpServletRequest request,
            HttpServletResponse response,
            @PathVariable String id,
            @RequestParam Map<String, String> query) {
        gate(request, response, XEndpoint.USER_POSTS);
        SandboxUser target = network.findUser(requireId(id, "id")).orElseThrow(() -> new XProblem.NotFoundUser(id));
        return page(
                query, 5, "pagination_token", (p) -> network.postsBy(target.id(), p.sinceId(), p.untilId(), p.limit()));
    }

    @GetMapping("/tweets/search/recent")
    ResponseEntity<Map<String, Object>> searchRecent(
            HttpServletRequest request, HttpServletResponse response, @RequestParam Map<String, String> query) {
        gate(request, response, XEndpoint.SEARCH_RECENT);
        String search = query.getOrDefault("query", "");
        Matcher conversation = CONVERSATION_QUERY.matcher(search);
        if (!conversation.matches()) {
            throw XProblem.invalidRequest(
                    "query", "The sandbox's recent search understands 'conversation_id:<id>' queries only.");
        }
        long conversationId = Long.parseLong(conversation.group(1));
        String token = query.containsKey("next_token") ? "next_token" : "pagination_token";
        return page(query, 10, token, (p) -> network.conversation(conversationId, p.sinceId(), p.untilId(), p.limit()));
    }

    @PostMapping("/users/{id}/likes")
    ResponseEntity<Map<String, Object>> like(
            HttpServletRequest request,
            HttpServletResponse response,
            @PathVariable String id,
            @RequestBody(required = false) @Nullable String body) {
        SandboxUser user = gate(request, response, XEndpoint.LIKE);
        if (user.id() != requireId(id, "id")) {
            throw new XProblem(HttpStatus.FORBIDDEN, "You are not permitted to perform this action.");
        }
        JsonNode node;
        try {
            node = json.readTree(body == null ? "" : body);
        } catch (JacksonException e) {
            throw XProblem.invalidRequest("body", "The request body is not valid JSON.");
        }
        Long postId = node == null ? null : optionalId(node.path("tweet_id"), "tweet_id");
        if (postId == null) {
            throw XProblem.invalidRequest("tweet_id", "tweet_id is required.");
        }
        network.like(user, postId);
        return json(HttpStatus.OK, Map.of("data", Map.of("liked", true)));
    }

    private record Page(@Nullable Long sinceId, @Nullable Long untilId, int limit) {}

    private ResponseEntity<Map<String, Object>> page(
            Map<String, String> query,
            int minResults,
            String tokenParameter,
            Function<Page, List<SandboxPost>> source) {
        int max = maxResults(query.get("max_results"), minResults);
        Long sinceId = query.containsKey("since_id") ? requireId(query.get("since_id"), "since_id") : null;
        Long untilId = query.containsKey("until_id") ? requireId(query.get("until_id"), "until_id") : null;
        String token = query.get(tokenParameter);
        if (token != null) {
            untilId = decodeToken(token, tokenParameter);
        }
        List<SandboxPost> posts = source.apply(new Page(sinceId, untilId, max + 1));
        boolean more = posts.size() > max;
        List<SandboxPost> shown = more ? posts.subList(0, max) : posts;
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("result_count", shown.size());
        if (!shown.isEmpty()) {
            meta.put("newest_id", shown.getFirst().id());
            meta.put("oldest_id", shown.getLast().id());
        }
        if (more) {
            meta.put("next_token", Long.toString(Long.parseLong(shown.getLast().id()), 32));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (!shown.isEmpty()) {
            body.put("data", shown.stream().map(this::wire).toList());
            includes(shown, query.get("expansions")).ifPresent(i -> body.put("includes", i));
        }
        body.put("meta", meta);
        return json(HttpStatus.OK, body);
    }

    private Optional<Map<String, Object>> includes(List<SandboxPost> posts, @Nullable String expansions) {
        Set<String> wanted = expansions == null ? Set.of() : Set.of(expansions.split(","));
        Map<String, Object> includes = new LinkedHashMap<>();
        List<SandboxPost> referenced = new ArrayList<>();
        if (wanted.contains("referenced_tweets.id") || wanted.contains("referenced_tweets.id.author_id")) {
            for (SandboxPost post : posts) {
                for (String ref : Arrays.asList(post.inReplyTo(), post.quoteOf())) {
                    if (ref != null) {
                        network.findPost(Long.parseLong(ref)).ifPresent(referenced::add);
                    }
                }
            }
            if (!referenced.isEmpty()) {
                includes.put("tweets", referenced.stream().map(this::wire).toList());
            }
        }
        List<SandboxPost> authored = new ArrayList<>();
        if (wanted.contains("author_id")) {
            authored.addAll(posts);
        }
        if (wanted.contains("referenced_tweets.id.author_id")) {
            authored.addAll(referenced);
        }
        if (!authored.isEmpty()) {
            Map<String, Map<String, Object>> users = new LinkedHashMap<>();
            for (SandboxPost post : authored) {
                users.computeIfAbsent(
                        post.authorId(),
                        authorId -> network.findUser(Long.parseLong(authorId))
                                .map(this::wire)
                                .orElseGet(() -> Map.of("id", authorId)));
            }
            includes.put("users", List.copyOf(users.values()));
        }
        return includes.isEmpty() ? Optional.empty() : Optional.of(includes);
    }

    private Map<String, Object> wire(SandboxPost post) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", post.id());
        data.put("text", post.text());
        data.put("edit_history_tweet_ids", List.of(post.id()));
        data.put("author_id", post.authorId());
        data.put("conversation_id", post.conversationId());
        data.put("created_at", CREATED_AT.format(post.createdAt()));
        if (post.inReplyToUserId() != null) {
            data.put("in_reply_to_user_id", post.inReplyToUserId());
        }
        List<Map<String, String>> references = new ArrayList<>();
        if (post.inReplyTo() != null) {
            references.add(Map.of("type", "replied_to", "id", post.inReplyTo()));
        }
        if (post.quoteOf() != null) {
            references.add(Map.of("type", "quoted", "id", post.quoteOf()));
        }
        if (!references.isEmpty()) {
            data.put("referenced_tweets", references);
        }
        return data;
    }

    private Map<String, Object> wire(SandboxUser user) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", Long.toString(user.id()));
        data.put("name", user.name());
        data.put("username", user.username());
        return data;
    }

    /** Authenticates, counts the request against the user's limit and sets X's rate-limit headers. */
    private SandboxUser gate(HttpServletRequest request, HttpServletResponse response, XEndpoint endpoint) {
        SandboxUser user = oauth.authenticate(request).orElseThrow(XProblem::unauthorized);
        SandboxRateLimiter.Decision decision = limiter.acquire(user.id(), endpoint);
        Instant reset = decision.reset();
        long resetSeconds = reset.getEpochSecond() + (reset.getNano() > 0 ? 1 : 0);
        response.setHeader("x-rate-limit-limit", Integer.toString(decision.limit()));
        response.setHeader("x-rate-limit-remaining", Integer.toString(decision.remaining()));
        response.setHeader("x-rate-limit-reset", Long.toString(resetSeconds));
        if (!decision.allowed()) {
            throw new XProblem(HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests");
        }
        return user;
    }

    private static int maxResults(@Nullable String value, int min) {
        if (value == null) {
            return 10;
        }
        try {
            int max = Integer.parseInt(value);
            if (max >= min && max <= 100) {
                return max;
            }
        } catch (NumberFormatException e) {
            // reported below like any other out-of-range value
        }
        throw XProblem.invalidRequest(
                "max_results",
                "The `max_results` query parameter value [" + value + "] is not between " + min + " and 100");
    }

    private static long decodeToken(String token, String parameter) {
        try {
            return Long.parseLong(token, 32);
        } catch (NumberFormatException e) {
            throw XProblem.invalidRequest(parameter, "The `" + parameter + "` query parameter value is invalid.");
        }
    }

    private static long requireId(@Nullable String value, String parameter) {
        if (value == null || !ID.matcher(value).matches()) {
            throw XProblem.invalidRequest(
                    parameter, "The `" + parameter + "` query parameter value [" + value + "] is not valid");
        }
        return Long.parseLong(value);
    }

    private static @Nullable Long optionalId(JsonNode node, String field) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        return requireId(node.asString(""), field);
    }

    private static Map<String, Object> notFound(String id, String parameter) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("value", id);
        problem.put("detail", "Could not find tweet with " + parameter + ": [" + id + "].");
        problem.put("title", "Not Found Error");
        problem.put("resource_type", "tweet");
        problem.put("parameter", parameter);
        problem.put("resource_id", id);
        problem.put("type", NOT_FOUND_TYPE);
        return problem;
    }

    private static ResponseEntity<Map<String, Object>> json(HttpStatus status, Map<String, Object> body) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }

    @ExceptionHandler(XProblem.class)
    ResponseEntity<Map<String, Object>> problem(XProblem problem) {
        return ResponseEntity.status(problem.status()).contentType(PROBLEM).body(problem.body());
    }

    @ExceptionHandler(SandboxRejection.class)
    ResponseEntity<Map<String, Object>> rejected(SandboxRejection rejection) {
        XProblem problem = switch (rejection.reason()) {
            case DUPLICATE_CONTENT, REPLY_TARGET_MISSING, QUOTE_TARGET_MISSING, NOT_OWNER, PERSONA_HANDLE ->
                new XProblem(HttpStatus.FORBIDDEN, rejection.detail());
            case NOT_FOUND -> new XProblem(HttpStatus.NOT_FOUND, rejection.detail());
            case INVALID_TEXT, INVALID_USERNAME -> XProblem.invalidRequest("text", rejection.detail());
        };
        return problem(problem);
    }

    /** An error in one of X's shapes: {@code about:blank} problems, or the invalid-request problem with errors. */
    static class XProblem extends RuntimeException {
        private final HttpStatus status;
        private final Map<String, Object> body;

        XProblem(HttpStatus status, String detail) {
            super(detail);
            this.status = status;
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("title", title(status));
            problem.put("type", "about:blank");
            problem.put("status", status.value());
            problem.put("detail", detail);
            this.body = problem;
        }

        XProblem(HttpStatus status, Map<String, Object> body) {
            super(String.valueOf(body.get("detail")));
            this.status = status;
            this.body = body;
        }

        static XProblem unauthorized() {
            return new XProblem(HttpStatus.UNAUTHORIZED, "Unauthorized");
        }

        static XProblem invalidRequest(String parameter, String message) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("errors", List.of(Map.of("parameters", Map.of(parameter, List.of()), "message", message)));
            body.put("title", "Invalid Request");
            body.put("detail", "One or more parameters to your request was invalid.");
            body.put("type", INVALID_TYPE);
            return new XProblem(HttpStatus.BAD_REQUEST, body);
        }

        HttpStatus status() {
            return status;
        }

        Map<String, Object> body() {
            return body;
        }

        private static String title(HttpStatus status) {
            return switch (status) {
                case UNAUTHORIZED -> "Unauthorized";
                case FORBIDDEN -> "Forbidden";
                case NOT_FOUND -> "Not Found Error";
                case TOO_MANY_REQUESTS -> "Too Many Requests";
                default -> Arrays.stream(status.getReasonPhrase().split(" ")).collect(Collectors.joining(" "));
            };
        }

        /** {@code GET /2/users/{id}/...} of an unknown user: X's 404 resource-not-found problem. */
        static final class NotFoundUser extends XProblem {
            NotFoundUser(String id) {
                super(HttpStatus.NOT_FOUND, userNotFound(id));
            }

            private static Map<String, Object> userNotFound(String id) {
                Map<String, Object> problem = new LinkedHashMap<>();
                problem.put("value", id);
                problem.put("detail", "Could not find user with id: [" + id + "].");
                problem.put("title", "Not Found Error");
                problem.put("resource_type", "user");
                problem.put("parameter", "id");
                problem.put("resource_id", id);
                problem.put("type", NOT_FOUND_TYPE);
                return problem;
            }
        }
    }
}
