package dev.puppetengine.social.sandbox;

import dev.puppetengine.social.sandbox.SandboxOAuth.Caller;
import dev.puppetengine.social.sandbox.SandboxRateLimiter.Daily;
import dev.puppetengine.social.twitter.XEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox network's X API v2 subset (DESIGN §6.3), at {@code /2/...} on the sandbox's own port and, as before,
 * under {@code /sandbox/x/2/...} on the engine's port. Every request is checked against
 * {@code x-api-v2-openapi.wire.json} ({@link SandboxWireSpec}: unknown parameters, fields and expansions are X's
 * 400); answers carry {@code id,text,edit_history_tweet_ids} plus what {@code tweet.fields}, {@code user.fields}
 * and {@code expansions} ask for, like X. Authenticated by OAuth 1.0a user context ({@link SandboxOAuth}) or, on
 * reads, an app-only Bearer token — not by the operator token. Sends {@code x-rate-limit-*} on every answer and the
 * 24-hour {@code x-user-limit-24hour-*} / {@code x-app-limit-24hour-*} caps on writes.
 */
@RestController
@RequestMapping({"/2", "/sandbox/x/2"})
final class SandboxXApiController {

    private static final MediaType PROBLEM = MediaType.parseMediaType("application/problem+json");
    private static final DateTimeFormatter CREATED_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern ID = Pattern.compile("[0-9]{1,19}");
    private static final Duration RECENT = Duration.ofDays(7);
    private static final String NOT_FOUND_TYPE = "https://api.x.com/2/problems/resource-not-found";
    private static final String INVALID_TYPE = "https://api.x.com/2/problems/invalid-request";
    private static final String APP_ONLY_FORBIDDEN = "Authenticating with OAuth 2.0 Application-Only is forbidden for"
            + " this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].";

    private final SandboxNetwork network;
    private final SandboxOAuth oauth;
    private final SandboxRateLimiter limiter;
    private final SandboxWireSpec spec;
    private final JsonMapper json;
    private final Clock clock;

    SandboxXApiController(
            SandboxNetwork network,
            SandboxOAuth oauth,
            SandboxRateLimiter limiter,
            SandboxWireSpec spec,
            JsonMapper json,
            Clock clock) {
        this.network = network;
        this.oauth = oauth;
        this.limiter = limiter;
        this.spec = spec;
        this.json = json;
        this.clock = clock;
    }

    /** What the caller asked to see: {@code tweet.fields}, {@code user.fields}, {@code expansions}. */
    private record Shown(Set<String> tweetFields, Set<String> userFields, Set<String> expansions) {

        static Shown of(HttpServletRequest request) {
            return new Shown(list(request, "tweet.fields"), list(request, "user.fields"), list(request, "expansions"));
        }

        boolean referenced() {
            return expansions.contains("referenced_tweets.id") || expansions.contains("referenced_tweets.id.author_id");
        }

        private static Set<String> list(HttpServletRequest request, String name) {
            String value = request.getParameter(name);
            return value == null ? Set.of() : Set.of(value.split(","));
        }
    }

    @PostMapping("/tweets")
    ResponseEntity<Map<String, Object>> createPost(
            HttpServletRequest request,
            HttpServletResponse response,
            @RequestBody(required = false) @Nullable String body) {
        SandboxUser user = userGate(request, response, XEndpoint.CREATE_POST);
        JsonNode node = jsonBody(body);
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
        SandboxUser user = userGate(request, response, XEndpoint.DELETE_POST);
        network.delete(user, requireId(id, "id"));
        return json(HttpStatus.OK, Map.of("data", Map.of("deleted", true)));
    }

    @GetMapping("/tweets/{id}")
    ResponseEntity<Map<String, Object>> getPost(
            HttpServletRequest request, HttpServletResponse response, @PathVariable String id) {
        gate(request, response, XEndpoint.GET_POST, true);
        long postId = requireId(id, "id");
        Shown shown = Shown.of(request);
        Optional<SandboxPost> post = network.findPost(postId);
        if (post.isEmpty()) {
            return json(HttpStatus.OK, Map.of("errors", List.of(notFound("tweet", "id", id))));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", wire(post.get(), shown));
        includes(List.of(post.get()), shown).ifPresent(i -> body.put("includes", i));
        return json(HttpStatus.OK, body);
    }

    @GetMapping("/tweets")
    ResponseEntity<Map<String, Object>> getPosts(HttpServletRequest request, HttpServletResponse response) {
        gate(request, response, XEndpoint.GET_POSTS, true);
        Shown shown = Shown.of(request);
        String ids = request.getParameter("ids");
        List<SandboxPost> found = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        for (String id : new LinkedHashSet<>(Arrays.asList(ids == null ? new String[0] : ids.split(",")))) {
            if (!ID.matcher(id).matches()) {
                throw XProblem.invalidRequest(
                        "ids", id, "The `ids` query parameter value [" + id + "] does not match ^[0-9]{1,19}$");
            }
            network.findPost(Long.parseLong(id))
                    .ifPresentOrElse(found::add, () -> errors.add(notFound("tweet", "ids", id)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (!found.isEmpty()) {
            body.put("data", found.stream().map(p -> wire(p, shown)).toList());
            includes(found, shown).ifPresent(i -> body.put("includes", i));
        }
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        return json(HttpStatus.OK, body);
    }

    @GetMapping("/users/me")
    ResponseEntity<Map<String, Object>> me(HttpServletRequest request, HttpServletResponse response) {
        SandboxUser user = userGate(request, response, XEndpoint.USERS_ME);
        return json(HttpStatus.OK, Map.of("data", wire(user, Shown.of(request))));
    }

    @GetMapping("/users/{id}")
    ResponseEntity<Map<String, Object>> user(
            HttpServletRequest request, HttpServletResponse response, @PathVariable String id) {
        gate(request, response, XEndpoint.GET_USER, true);
        return userAnswer(network.findUser(requireId(id, "id")), request, "id", id);
    }

    @GetMapping("/users/by/username/{username}")
    ResponseEntity<Map<String, Object>> userByUsername(
            HttpServletRequest request, HttpServletResponse response, @PathVariable String username) {
        gate(request, response, XEndpoint.GET_USER_BY_USERNAME, true);
        if (!username.matches("[A-Za-z0-9_]{1,50}")) {
            throw XProblem.invalidRequest(
                    "username",
                    username,
                    "The `username` query parameter value [" + username + "] does not match ^[A-Za-z0-9_]{1,15}$");
        }
        return userAnswer(network.findUserByUsername(username), request, "username", username);
    }

    private ResponseEntity<Map<String, Object>> userAnswer(
            Optional<SandboxUser> user, HttpServletRequest request, String parameter, String value) {
        if (user.isEmpty()) {
            return json(HttpStatus.OK, Map.of("errors", List.of(notFound("user", parameter, value))));
        }
        return json(HttpStatus.OK, Map.of("data", wire(user.get(), Shown.of(request))));
    }

    @GetMapping("/users/{id}/mentions")
    ResponseEntity<Map<String, Object>> mentions(
            HttpServletRequest request, HttpServletResponse response, @PathVariable String id) {
        gate(request, response, XEndpoint.MENTIONS, true);
        Optional<SandboxUser> target = network.findUser(requireId(id, "id"));
        if (target.isEmpty()) {
            return json(HttpStatus.OK, Map.of("errors", List.of(notFound("user", "id", id))));
        }
        return page(request, "pagination_token", bounds -> network.mentions(target.get(), bounds));
    }

    @GetMapping("/users/{id}/tweets")
    ResponseEntity<Map<String, Object>> userPosts(
            HttpServletRequest request, HttpServletResponse response, @PathVariable String id) {
        gate(request, response, XEndpoint.USER_POSTS, true);
        Optional<SandboxUser> target = network.findUser(requireId(id, "id"));
        if (target.isEmpty()) {
            return json(HttpStatus.OK, Map.of("errors", List.of(notFound("user", "id", id))));
        }
        String exclude = request.getParameter("exclude");
        boolean excludeReplies = exclude != null && Set.of(exclude.split(",")).contains("replies");
        return page(
                request,
                "pagination_token",
                bounds -> network.postsBy(target.get().id(), excludeReplies, bounds));
    }

    @GetMapping("/tweets/search/recent")
    ResponseEntity<Map<String, Object>> searchRecent(HttpServletRequest request, HttpServletResponse response) {
        gate(request, response, XEndpoint.SEARCH_RECENT, true);
        SandboxSearch.Term query;
        try {
            query = SandboxSearch.parse(String.valueOf(request.getParameter("query")));
        } catch (SandboxSearch.Refused refused) {
            throw XProblem.invalidRequest("query", request.getParameter("query"), refused.reason());
        }
        Instant oldest = clock.instant().minus(RECENT);
        Instant start = time(request, "start_time");
        if (start != null && start.isBefore(oldest)) {
            throw XProblem.invalidRequest(
                    "start_time",
                    request.getParameter("start_time"),
                    "Invalid 'start_time':'" + request.getParameter("start_time")
                            + "'. 'start_time' must be on or after " + CREATED_AT.format(oldest));
        }
        Instant from = start == null ? oldest : start;
        String token = request.getParameter("next_token") != null ? "next_token" : "pagination_token";
        return page(
                request,
                token,
                bounds -> network.search(
                        query,
                        new SandboxStore.Bounds(
                                bounds.sinceId(), bounds.untilId(), from, bounds.end(), bounds.limit())));
    }

    @PostMapping("/users/{id}/likes")
    ResponseEntity<Map<String, Object>> like(
            HttpServletRequest request,
            HttpServletResponse response,
            @PathVariable String id,
            @RequestBody(required = false) @Nullable String body) {
        SandboxUser user = userGate(request, response, XEndpoint.LIKE);
        requireSelf(user, id);
        Long postId = optionalId(jsonBody(body).path("tweet_id"), "tweet_id");
        if (postId == null) {
            throw XProblem.invalidRequest("tweet_id", "tweet_id is required.");
        }
        network.like(user, postId);
        return json(HttpStatus.OK, Map.of("data", Map.of("liked", true)));
    }

    @DeleteMapping("/users/{id}/likes/{postId}")
    ResponseEntity<Map<String, Object>> unlike(
            HttpServletRequest request,
            HttpServletResponse response,
            @PathVariable String id,
            @PathVariable String postId) {
        SandboxUser user = userGate(request, response, XEndpoint.UNLIKE);
        requireSelf(user, id);
        network.unlike(user, requireId(postId, "tweet_id"));
        return json(HttpStatus.OK, Map.of("data", Map.of("liked", false)));
    }

    private static void requireSelf(SandboxUser user, String id) {
        if (user.id() != requireId(id, "id")) {
            throw new XProblem(HttpStatus.FORBIDDEN, "You are not permitted to perform this action.");
        }
    }

    private JsonNode jsonBody(@Nullable String body) {
        JsonNode node;
        try {
            node = json.readTree(body == null ? "" : body);
        } catch (JacksonException e) {
            throw XProblem.invalidRequest("body", "The request body is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw XProblem.invalidRequest("body", "The request body must be a JSON object.");
        }
        return node;
    }

    private ResponseEntity<Map<String, Object>> page(
            HttpServletRequest request,
            String tokenParameter,
            Function<SandboxStore.Bounds, List<SandboxPost>> source) {
        Shown shown = Shown.of(request);
        String maxResults = request.getParameter("max_results");
        int max = maxResults == null ? 10 : Integer.parseInt(maxResults);
        String since = request.getParameter("since_id");
        String until = request.getParameter("until_id");
        Long sinceId = since == null ? null : requireId(since, "since_id");
        Long untilId = until == null ? null : requireId(until, "until_id");
        String token = request.getParameter(tokenParameter);
        if (token != null) {
            long fromToken = decodeToken(token, tokenParameter);
            untilId = untilId == null ? fromToken : Math.min(untilId, fromToken);
        }
        List<SandboxPost> posts = source.apply(new SandboxStore.Bounds(
                sinceId, untilId, time(request, "start_time"), time(request, "end_time"), max + 1));
        boolean more = posts.size() > max;
        List<SandboxPost> page = more ? posts.subList(0, max) : posts;
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("result_count", page.size());
        if (!page.isEmpty()) {
            meta.put("newest_id", page.getFirst().id());
            meta.put("oldest_id", page.getLast().id());
        }
        if (more) {
            meta.put("next_token", Long.toString(Long.parseLong(page.getLast().id()), 32));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (!page.isEmpty()) {
            body.put("data", page.stream().map(p -> wire(p, shown)).toList());
            includes(page, shown).ifPresent(i -> body.put("includes", i));
        }
        body.put("meta", meta);
        return json(HttpStatus.OK, body);
    }

    private static @Nullable Instant time(HttpServletRequest request, String parameter) {
        String value = request.getParameter(parameter);
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
    }

    private Optional<Map<String, Object>> includes(List<SandboxPost> posts, Shown shown) {
        Map<String, Object> includes = new LinkedHashMap<>();
        List<SandboxPost> referenced = new ArrayList<>();
        if (shown.referenced()) {
            Set<String> seen = new LinkedHashSet<>();
            for (SandboxPost post : posts) {
                for (String ref : Arrays.asList(post.inReplyTo(), post.quoteOf())) {
                    if (ref != null && seen.add(ref)) {
                        network.findPost(Long.parseLong(ref)).ifPresent(referenced::add);
                    }
                }
            }
            if (!referenced.isEmpty()) {
                includes.put(
                        "tweets", referenced.stream().map(p -> wire(p, shown)).toList());
            }
        }
        Set<String> userIds = new LinkedHashSet<>();
        if (shown.expansions().contains("author_id")) {
            posts.forEach(post -> userIds.add(post.authorId()));
        }
        if (shown.expansions().contains("in_reply_to_user_id")) {
            posts.stream()
                    .map(SandboxPost::inReplyToUserId)
                    .filter(id -> id != null)
                    .forEach(userIds::add);
        }
        if (shown.expansions().contains("referenced_tweets.id.author_id")) {
            referenced.forEach(post -> userIds.add(post.authorId()));
        }
        List<Map<String, Object>> users = new ArrayList<>();
        for (String userId : userIds) {
            network.findUser(Long.parseLong(userId)).ifPresent(user -> users.add(wire(user, shown)));
        }
        if (!users.isEmpty()) {
            includes.put("users", users);
        }
        return includes.isEmpty() ? Optional.empty() : Optional.of(includes);
    }

    /** A post as X shows it: its defaults, then the fields asked for and those the expansions need. */
    private Map<String, Object> wire(SandboxPost post, Shown shown) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", post.id());
        data.put("text", post.text());
        data.put("edit_history_tweet_ids", List.of(post.id()));
        if (shown.expansions().contains("author_id") || shown.expansions().contains("referenced_tweets.id.author_id")) {
            data.put("author_id", post.authorId());
        }
        if (shown.tweetFields().contains("conversation_id")) {
            data.put("conversation_id", post.conversationId());
        }
        if (shown.tweetFields().contains("created_at")) {
            data.put("created_at", CREATED_AT.format(post.createdAt()));
        }
        if (shown.expansions().contains("in_reply_to_user_id") && post.inReplyToUserId() != null) {
            data.put("in_reply_to_user_id", post.inReplyToUserId());
        }
        if (shown.referenced()) {
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
        }
        return data;
    }

    /** A user as X shows it: {@code id,name,username}, then the {@code user.fields} the sandbox knows. */
    private static Map<String, Object> wire(SandboxUser user, Shown shown) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", Long.toString(user.id()));
        data.put("name", user.name());
        data.put("username", user.username());
        if (shown.userFields().contains("created_at")) {
            data.put("created_at", CREATED_AT.format(user.createdAt()));
        }
        if (shown.userFields().contains("description")) {
            data.put("description", "");
        }
        if (shown.userFields().contains("protected")) {
            data.put("protected", false);
        }
        if (shown.userFields().contains("verified")) {
            data.put("verified", false);
        }
        return data;
    }

    /** A write: OAuth 1.0a user context only, counted against the 15-minute and the 24-hour limits. */
    private SandboxUser userGate(HttpServletRequest request, HttpServletResponse response, XEndpoint endpoint) {
        Caller caller = gate(request, response, endpoint, false);
        SandboxUser user = caller.user();
        if (endpoint.method().equals("GET")) {
            return user;
        }
        SandboxUser.Keys keys = user.keys();
        SandboxRateLimiter.Days days = limiter.acquireDaily(user.id(), keys == null ? "" : keys.consumerKey());
        daily(response, "x-user-limit-24hour-", days.user());
        daily(response, "x-app-limit-24hour-", days.app());
        if (!days.allowed()) {
            throw new XProblem(HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests");
        }
        return user;
    }

    private static void daily(HttpServletResponse response, String prefix, Daily daily) {
        response.setHeader(prefix + "limit", Integer.toString(daily.limit()));
        response.setHeader(prefix + "remaining", Integer.toString(daily.remaining()));
        response.setHeader(prefix + "reset", Long.toString(epochSecondsUp(daily.reset())));
    }

    /**
     * Authenticates (401), refuses app-only tokens where X does (403), checks the query against the wire file
     * (400), then counts the request against the caller's limit and sets X's rate-limit headers (429).
     */
    private Caller gate(HttpServletRequest request, HttpServletResponse response, XEndpoint endpoint, boolean appOk) {
        Caller caller = oauth.authenticate(request).orElseThrow(XProblem::unauthorized);
        if (caller.appOnly() && !appOk) {
            throw new XProblem(HttpStatus.FORBIDDEN, APP_ONLY_FORBIDDEN);
        }
        List<SandboxWireSpec.Violation> violations = spec.check(endpoint, request.getParameterMap());
        if (!violations.isEmpty()) {
            SandboxWireSpec.Violation first = violations.getFirst();
            throw XProblem.invalidRequest(
                    first.parameter(),
                    first.value(),
                    violations.stream().map(SandboxWireSpec.Violation::message).collect(Collectors.joining("; ")));
        }
        long limitKey = caller.appOnly() ? -caller.user().id() : caller.user().id();
        SandboxRateLimiter.Decision decision = limiter.acquire(limitKey, endpoint);
        response.setHeader("x-rate-limit-limit", Integer.toString(decision.limit()));
        response.setHeader("x-rate-limit-remaining", Integer.toString(decision.remaining()));
        response.setHeader("x-rate-limit-reset", Long.toString(epochSecondsUp(decision.reset())));
        if (!decision.allowed()) {
            throw new XProblem(HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests");
        }
        return caller;
    }

    private static long epochSecondsUp(Instant instant) {
        return instant.getEpochSecond() + (instant.getNano() > 0 ? 1 : 0);
    }

    private static long decodeToken(String token, String parameter) {
        try {
            return Long.parseLong(token, 32);
        } catch (NumberFormatException e) {
            throw XProblem.invalidRequest(
                    parameter, token, "The `" + parameter + "` query parameter value [" + token + "] is invalid.");
        }
    }

    private static long requireId(@Nullable String value, String parameter) {
        if (value == null || !ID.matcher(value).matches()) {
            throw XProblem.invalidRequest(
                    parameter, value, "The `" + parameter + "` query parameter value [" + value + "] is not valid");
        }
        return Long.parseLong(value);
    }

    private static @Nullable Long optionalId(JsonNode node, String field) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        return requireId(node.asString(""), field);
    }

    /** X's answer to an id it does not know: 200 with this in {@code errors[]} (the wire file's problem). */
    private static Map<String, Object> notFound(String resourceType, String parameter, String value) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("value", value);
        problem.put("detail", "Could not find " + resourceType + " with " + parameter + ": [" + value + "].");
        problem.put("title", "Not Found Error");
        problem.put("resource_type", resourceType);
        problem.put("parameter", parameter);
        problem.put("resource_id", value);
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
            return invalidRequest(parameter, null, message);
        }

        /** X's invalid-request problem as the wire file describes it ({@code InvalidRequestProblem}). */
        static XProblem invalidRequest(String parameter, @Nullable String value, String message) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", INVALID_TYPE);
            body.put("title", "Invalid Request");
            body.put("status", 400);
            body.put("detail", message);
            body.put("parameter", parameter);
            if (value != null) {
                body.put("value", value);
            }
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
    }
}
