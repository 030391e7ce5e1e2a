package dev.puppetengine.social.twitter;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec.OAuth1Credentials;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.shared.ExternalServiceException.InvalidRequest;
import dev.puppetengine.social.Account;
import dev.puppetengine.social.Post;
import dev.puppetengine.social.SocialNetwork;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link SocialNetwork} over the X API v2 with OAuth 1.0a or OAuth 2.0 user context ({@link XAuthorization}), for one persona. The same code talks to
 * {@code https://api.x.com} in live mode and to the sandbox network otherwise. Before each request it checks
 * {@link RateLimits} (no request while an endpoint is exhausted), counts the request in {@link XUsageRecorder}, and
 * maps failures through {@link TwitterErrorMapper}. Thread-safe; keep one instance per persona so the limits hold.
 */
public final class TwitterApiV2Client implements SocialNetwork {

    private static final Logger log = LoggerFactory.getLogger(TwitterApiV2Client.class);

    /** What {@link #toPost} reads beyond X's defaults ({@code id,text}); the expansions bring the rest. */
    static final String TWEET_FIELDS = "conversation_id,created_at";
    /**
     * {@code author_id} and {@code referenced_tweets} in each post; the authors, the referenced posts and their
     * authors in {@code includes} ({@code tweet.fields} has no {@code author_id}: the expansions bring it).
     */
    static final String EXPANSIONS = "author_id,referenced_tweets.id,referenced_tweets.id.author_id";

    static final String USER_FIELDS = "username";
    /**
     * Posts responses carried (read, or referenced in {@code includes.tweets}), so a reply or a thread needs no extra
     * lookup.
     */
    private static final int CARRIED_POSTS = 256;

    private static final int PAGE_SIZE = 100;
    private static final int MAX_PAGES = 10;
    private static final Duration UNKNOWN_RESET = Duration.ofMinutes(15);

    private final PersonaId personaId;
    private final URI baseUrl;
    private final XAuthorization authorization;
    private final HttpClient http;
    private final JsonMapper json;
    private final Clock clock;
    private final XUsageRecorder usage;
    private final MeterRegistry meters;
    private final Duration timeout;
    private final RateLimits rateLimits;
    private final TwitterErrorMapper errors;
    private volatile @Nullable Account me;
    private final CarriedPosts carried;

    /**
     * @param baseUrl the API root without {@code /2}: {@code https://api.x.com}, or the sandbox's
     *     {@code http://127.0.0.1:PORT/sandbox/x}
     */
    public TwitterApiV2Client(
            PersonaId personaId,
            URI baseUrl,
            OAuth1Credentials credentials,
            HttpClient http,
            JsonMapper json,
            Clock clock,
            XUsageRecorder usage,
            MeterRegistry meters,
            Duration timeout) {
        this(
                personaId,
                baseUrl,
                new OAuth1Signer(credentials, clock)::authorization,
                http,
                json,
                clock,
                usage,
                meters,
                timeout);
    }

    /** A client that authorizes each request with {@code authorization} (e.g. an OAuth 2.0 bearer token). */
    public TwitterApiV2Client(
            PersonaId personaId,
            URI baseUrl,
            XAuthorization authorization,
            HttpClient http,
            JsonMapper json,
            Clock clock,
            XUsageRecorder usage,
            MeterRegistry meters,
            Duration timeout) {
        this(
                personaId,
                baseUrl,
                authorization,
                http,
                json,
                clock,
                usage,
                meters,
                timeout,
                new CarriedPosts(CARRIED_POSTS));
    }

    /** @param carried the posts responses carried, shared with the other clients of the cast */
    public TwitterApiV2Client(
            PersonaId personaId,
            URI baseUrl,
            XAuthorization authorization,
            HttpClient http,
            JsonMapper json,
            Clock clock,
            XUsageRecorder usage,
            MeterRegistry meters,
            Duration timeout,
            CarriedPosts carried) {
        this.carried = carried;
        this.personaId = personaId;
        this.meters = meters;
        String base = baseUrl.toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.authorization = authorization;
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.usage = usage;
        this.timeout = timeout;
        this.rateLimits = new RateLimits(clock);
        this.errors = new TwitterErrorMapper(clock);
    }

    public PersonaId personaId() {
        return personaId;
    }

    public RateLimits rateLimits() {
        return rateLimits;
    }

    @Override
    public Account me() {
        Account known = me;
        if (known != null) {
            return known;
        }
        JsonNode data = send(XEndpoint.USERS_ME, "/2/users/me", Map.of(), null).path("data");
        Account account = new Account(
                requireText(data, "id"),
                data.path("username").asString(""),
                data.path("name").asString(""));
        me = account;
        return account;
    }

    @Override
    public Post post(String text, @Nullable String replyToId, @Nullable String quoteOfId) {
        ObjectNode body = json.createObjectNode();
        body.put("text", text);
        if (replyToId != null) {
            body.putObject("reply").put("in_reply_to_tweet_id", replyToId);
        }
        if (quoteOfId != null) {
            body.put("quote_tweet_id", quoteOfId);
        }
        Account account = me();
        JsonNode data = send(XEndpoint.CREATE_POST, "/2/tweets", Map.of(), json.writeValueAsString(body))
                .path("data");
        String id = requireText(data, "id");
        log.info("persona {} posted {}", personaId, id);
        Post parent = replyToId == null ? null : carried(replyToId);
        if (replyToId != null && parent == null) {
            Optional<Post> published = find(id);
            if (published.isPresent()) {
                return published.get();
            }
        }
        return new Post(
                id,
                account.id(),
                account.username(),
                data.path("text").asString(text),
                parent != null ? parent.conversationId() : id,
                replyToId,
                quoteOfId,
                clock.instant());
    }

    @Override
    public void delete(String postId) {
        carried.remove(postId);
        JsonNode response = send(XEndpoint.DELETE_POST, "/2/tweets/" + requireId(postId), Map.of(), null);
        if (!response.path("data").path("deleted").asBoolean(false) && !isNotFound(response)) {
            throw new InvalidRequest(TwitterErrorMapper.SERVICE, "post " + postId + " was not deleted", null);
        }
    }

    @Override
    public void like(String postId) {
        ObjectNode body = json.createObjectNode().put("tweet_id", requireId(postId));
        send(XEndpoint.LIKE, "/2/users/" + me().id() + "/likes", Map.of(), json.writeValueAsString(body));
    }

    @Override
    public List<Post> mentions(@Nullable String sinceId) {
        Map<String, String> query = postQuery();
        query.put("max_results", String.valueOf(PAGE_SIZE));
        if (sinceId != null) {
            query.put("since_id", requireId(sinceId));
        }
        List<Post> posts = pages(
                XEndpoint.MENTIONS, "/2/users/" + me().id() + "/mentions", query, "pagination_token", sinceId != null);
        return posts.stream().sorted(OLDEST_FIRST).toList();
    }

    @Override
    public Optional<Post> find(String postId) {
        Post known = carried(postId);
        if (known != null) {
            return Optional.of(known);
        }
        JsonNode response = send(XEndpoint.GET_POST, "/2/tweets/" + requireId(postId), postQuery(), null);
        JsonNode data = response.path("data");
        if (data.isMissingNode() || data.isNull()) {
            return Optional.empty();
        }
        return Optional.of(toPost(data, carry(response.path("includes"))));
    }

    @Override
    public List<Post> conversation(String conversationId) {
        Map<String, String> query = postQuery();
        query.put("query", "conversation_id:" + requireId(conversationId));
        query.put("max_results", String.valueOf(PAGE_SIZE));
        List<Post> posts =
                new ArrayList<>(pages(XEndpoint.SEARCH_RECENT, "/2/tweets/search/recent", query, "next_token", true));
        if (posts.stream().noneMatch(p -> p.id().equals(conversationId))) {
            find(conversationId).ifPresent(posts::add);
        }
        return posts.stream().sorted(OLDEST_FIRST).toList();
    }

    @Override
    public List<Post> recentPosts(String userId) {
        Map<String, String> query = postQuery();
        query.put("max_results", String.valueOf(PAGE_SIZE));
        return pages(
                        XEndpoint.USER_POSTS,
                        "/2/users/" + requireId(userId) + "/tweets",
                        query,
                        "pagination_token",
                        false)
                .stream()
                .sorted(OLDEST_FIRST.reversed())
                .toList();
    }

    /**
     * One recent search ({@code GET /2/tweets/search/recent}), every page newer than {@code sinceId}; each post with
     * the usernames it addresses: its {@code @}mentions and the authors of the posts it replies to or quotes, which
     * the expansions carry ({@code includes.users}), so routing needs no lookup.
     */
    @Override
    public List<Found> search(String query, @Nullable String sinceId) {
        Map<String, String> parameters = postQuery();
        parameters.put("query", query);
        parameters.put("max_results", String.valueOf(PAGE_SIZE));
        if (sinceId != null) {
            parameters.put("since_id", requireId(sinceId));
        }
        List<Found> found = new ArrayList<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode response = send(XEndpoint.SEARCH_RECENT, "/2/tweets/search/recent", parameters, null);
            JsonNode includes = carry(response.path("includes"));
            for (JsonNode data : response.path("data").values()) {
                Post post = toPost(data, includes);
                carried.put(post);
                found.add(new Found(post, addressed(post, includes)));
            }
            String next = response.path("meta").path("next_token").asString("");
            if (next.isEmpty()) {
                break;
            }
            parameters.put("next_token", next);
        }
        return found.stream()
                .sorted(Comparator.comparing(Found::post, OLDEST_FIRST))
                .toList();
    }

    private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_])@([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_])");

    private static Set<String> addressed(Post post, JsonNode includes) {
        Set<String> usernames = new LinkedHashSet<>();
        Matcher matcher = MENTION.matcher(post.text());
        while (matcher.find()) {
            usernames.add(matcher.group(1).toLowerCase(Locale.ROOT));
        }
        Map<String, String> authors = new LinkedHashMap<>();
        for (JsonNode tweet : includes.path("tweets").values()) {
            authors.put(tweet.path("id").asString(""), tweet.path("author_id").asString(""));
        }
        for (String referenced : Arrays.asList(post.inReplyToId(), post.quotedId())) {
            String author = referenced == null ? null : authors.get(referenced);
            if (author == null) {
                continue;
            }
            for (JsonNode user : includes.path("users").values()) {
                if (user.path("id").asString("").equals(author)) {
                    usernames.add(user.path("username").asString("").toLowerCase(Locale.ROOT));
                }
            }
        }
        usernames.remove("");
        return usernames;
    }

    private static final Comparator<Post> OLDEST_FIRST =
            Comparator.comparing((Post p) -> p.id().length()).thenComparing(Post::id);

    private List<Post> pages(
            XEndpoint endpoint, String path, Map<String, String> query, String tokenParameter, boolean follow) {
        List<Post> posts = new ArrayList<>();
        Map<String, String> pageQuery = new LinkedHashMap<>(query);
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode response = send(endpoint, path, pageQuery, null);
            JsonNode includes = carry(response.path("includes"));
            for (JsonNode data : response.path("data").values()) {
                Post post = toPost(data, includes);
                carried.put(post);
                posts.add(post);
            }
            String next = response.path("meta").path("next_token").asString("");
            if (!follow || next.isEmpty()) {
                break;
            }
            pageQuery.put(tokenParameter, next);
        }
        return posts;
    }

    private Post toPost(JsonNode data, JsonNode includes) {
        String id = requireText(data, "id");
        String authorId = data.path("author_id").asString("");
        @Nullable String inReplyTo = null;
        @Nullable String quoted = null;
        for (JsonNode reference : data.path("referenced_tweets").values()) {
            String type = reference.path("type").asString("");
            if (type.equals("replied_to")) {
                inReplyTo = reference.path("id").asString();
            } else if (type.equals("quoted")) {
                quoted = reference.path("id").asString();
            }
        }
        @Nullable String username = null;
        for (JsonNode user : includes.path("users").values()) {
            if (user.path("id").asString("").equals(authorId)) {
                username = user.path("username").asString();
            }
        }
        return new Post(
                id,
                authorId,
                username,
                data.path("text").asString(""),
                data.path("conversation_id").asString(id),
                inReplyTo,
                quoted,
                instant(data.path("created_at").asString("")));
    }

    /** Keeps the posts in {@code includes.tweets} (the ones the page's posts reply to or quote). */
    private JsonNode carry(JsonNode includes) {
        for (JsonNode tweet : includes.path("tweets").values()) {
            if (tweet.path("id").asString("").isEmpty()
                    || tweet.path("author_id").asString("").isEmpty()) {
                continue;
            }
            Post post = toPost(tweet, includes);
            carried.put(post);
        }
        return includes;
    }

    private @Nullable Post carried(String postId) {
        return carried.find(postId);
    }

    private Instant instant(String value) {
        try {
            return value.isEmpty() ? clock.instant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return clock.instant();
        }
    }

    private static Map<String, String> postQuery() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("tweet.fields", TWEET_FIELDS);
        query.put("expansions", EXPANSIONS);
        query.put("user.fields", USER_FIELDS);
        return query;
    }

    private JsonNode send(XEndpoint endpoint, String path, Map<String, String> query, @Nullable String body) {
        try {
            rateLimits.requireAvailable(endpoint);
        } catch (ExternalServiceException.RateLimited blocked) {
            record(endpoint, "blocked", null);
            throw blocked;
        }
        URI uri = URI.create(baseUrl + path + queryString(query));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", authorization.header(endpoint.method(), uri))
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(endpoint.method(), HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(endpoint.method(), HttpRequest.BodyPublishers.noBody());
        }
        usage.recordRequest(personaId, endpoint);
        Timer.Sample sample = Timer.start(meters);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            record(endpoint, "io_error", sample);
            throw errors.fromException(endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            record(endpoint, "interrupted", sample);
            throw errors.fromException(endpoint, e);
        }
        rateLimits.update(endpoint, response.headers());
        int status = response.statusCode();
        record(endpoint, outcome(status), sample);
        if (status == 429) {
            Instant reset = errors.resetTime(response.headers());
            rateLimits.exhausted(
                    endpoint, reset != null ? reset : clock.instant().plus(UNKNOWN_RESET));
            log.warn("persona {}: {} rate limited until {}", personaId, endpoint, reset);
        }
        if (status == 404 && endpoint == XEndpoint.GET_POST) {
            return json.createObjectNode();
        }
        if (status < 200 || status > 299) {
            throw errors.fromResponse(endpoint, status, response.body(), response.headers());
        }
        try {
            return json.readTree(response.body());
        } catch (JacksonException e) {
            throw new ExternalServiceException.Unavailable(
                    TwitterErrorMapper.SERVICE, endpoint + " answered with a body that is not JSON", e);
        }
    }

    private static String outcome(int status) {
        if (status == 429) {
            return "rate_limited";
        }
        if (status >= 500) {
            return "server_error";
        }
        return status >= 400 ? "client_error" : "ok";
    }

    /** One timer per endpoint and outcome ({@code puppet.x.requests}); blocked calls count without a time. */
    private void record(XEndpoint endpoint, String outcome, Timer.@Nullable Sample sample) {
        Timer timer = Timer.builder("puppet.x.requests")
                .description("X API v2 requests by endpoint and outcome")
                .tag("endpoint", endpoint.key())
                .tag("outcome", outcome)
                .register(meters);
        if (sample == null) {
            timer.record(Duration.ZERO);
        } else {
            sample.stop(timer);
        }
    }

    private static boolean isNotFound(JsonNode response) {
        for (JsonNode error : response.path("errors").values()) {
            if (error.path("type").asString("").endsWith("/resource-not-found")) {
                return true;
            }
        }
        return false;
    }

    private static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        return query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    /** RFC 3986 percent-encoding, as OAuth 1.0a signs it. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }

    private static String requireId(String id) {
        if (!id.matches("[0-9]{1,19}")) {
            throw new InvalidRequest(TwitterErrorMapper.SERVICE, "not an X id: '" + id + "'", null);
        }
        return id;
    }

    private static String requireText(JsonNode node, String field) {
        String value = node.path(field).asString("");
        if (value.isEmpty()) {
            throw new ExternalServiceException.Unavailable(
                    TwitterErrorMapper.SERVICE, "response lacks '" + field + "'", null);
        }
        return value;
    }

    @Override
    public String toString() {
        return "TwitterApiV2Client[" + personaId + " -> " + baseUrl + "]";
    }
}
