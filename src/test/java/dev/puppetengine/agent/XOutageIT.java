package dev.puppetengine.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.puppetengine.llm.LanguageModels;
import dev.puppetengine.llm.offline.OfflineComposer;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec.OAuth1Credentials;
import dev.puppetengine.persona.Secret;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.OutboxStatus;
import dev.puppetengine.social.jdbc.JdbcOutbox;
import dev.puppetengine.social.twitter.TwitterApiV2Client;
import dev.puppetengine.social.twitter.XStub;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine with the real X client against WireMock refusing posts (503, timeouts, 429 with
 * {@code x-rate-limit-reset}) while a mention waits for its reply: the persona's status and detail say so (until when,
 * when rate limited), one decision per affected input (the post, the mention) gives the reason, the log stays short,
 * and all clears once X accepts again. Issue 15's 429 storm and exhausted 24-hour cap: no endpoint gets a request
 * after its 429 before its reset, and the post and the reply go out after it.
 */
@ExtendWith(OutputCaptureExtension.class)
class XOutageIT {

    private static final PersonaId JUNIPER = PersonaId.of("juniper");
    private static final Instant START = Instant.parse("2026-11-25T08:00:00Z");
    private static final String MENTION_ID = "2002";
    private static final String MENTIONS = "{\"data\":[{\"id\":\"" + MENTION_ID + "\","
            + "\"text\":\"@juniper what are you reading tonight?\",\"edit_history_tweet_ids\":[\"" + MENTION_ID + "\"],"
            + "\"author_id\":\"1002\",\"conversation_id\":\""
            + MENTION_ID + "\",\"created_at\":\"2026-11-25T07:59:00.000Z\"}],"
            + "\"includes\":{\"users\":[{\"id\":\"1002\",\"name\":\"Operator\",\"username\":\"operator\"}]},"
            + "\"meta\":{\"result_count\":1,\"newest_id\":\"" + MENTION_ID + "\"}}";
    private static final String NOTHING = "{\"meta\":{\"result_count\":0}}";
    /** X's answer to a lookup of a post it does not show: 200 with {@code errors[]}. */
    private static final String NOT_FOUND = "{\"errors\":[{\"value\":\"0\",\"detail\":\"Could not find tweet.\","
            + "\"title\":\"Not Found Error\",\"resource_type\":\"tweet\",\"parameter\":\"id\","
            + "\"resource_id\":\"0\",\"type\":\"https://api.x.com/2/problems/resource-not-found\"}]}";

    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final java.util.regex.Pattern MAIN = java.util.regex.Pattern.compile("\\[\\s*main\\]");

    private final WireMockServer x =
            new WireMockServer(XStub.options().globalTemplating(true).containerThreads(50));
    private final SettableClock clock = new SettableClock(START);
    private final EngineFixture fixture = new EngineFixture(clock, TestDatabase.inMemory());
    private Engine engine;

    @BeforeEach
    void start() {
        x.start();
        OAuth1Credentials credentials = new OAuth1Credentials(
                new Secret("ck", "ck"), new Secret("cs", "cs"), new Secret("at", "at"), new Secret("ats", "ats"));
        TwitterApiV2Client juniper = new TwitterApiV2Client(
                JUNIPER,
                URI.create(x.baseUrl()),
                credentials,
                HttpClient.newHttpClient(),
                JsonMapper.builder().build(),
                clock,
                (persona, endpoint) -> {},
                new SimpleMeterRegistry(),
                TIMEOUT);
        engine = fixture.wire(LanguageModels.offlineOnly(new OfflineComposer()), persona -> juniper)
                .engine();
        fixture.ensureStates();
    }

    @AfterEach
    void stop() {
        x.stop();
    }

    /** X's answer to a post it created: 201. */
    private static ResponseDefinitionBuilder created(String body) {
        return aResponse()
                .withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    /** X reads fine (the mention arrives) but refuses every post with {@code refusal}. */
    private void xRefusesPosts(ResponseDefinitionBuilder refusal) {
        x.resetAll();
        x.stubFor(get(urlPathEqualTo("/2/users/me"))
                .willReturn(okJson("{\"data\":{\"id\":\"1001\",\"name\":\"Juniper Vale\",\"username\":\"juniper\"}}")));
        x.stubFor(get(urlPathEqualTo("/2/users/1001/mentions")).willReturn(okJson(MENTIONS)));
        x.stubFor(get(urlPathEqualTo("/2/tweets/search/recent")).willReturn(okJson(NOTHING)));
        x.stubFor(get(urlPathEqualTo("/2/users/1001/tweets")).willReturn(okJson(NOTHING)));
        x.stubFor(get(urlPathMatching("/2/tweets/[0-9]+")).willReturn(okJson(NOT_FOUND)));
        x.stubFor(post(urlPathEqualTo("/2/tweets")).willReturn(refusal));
    }

    /** X accepts posts again: each gets a new id, and reading it back returns it. */
    private void xAccepts() {
        x.stubFor(post(urlPathEqualTo("/2/tweets"))
                // not the text echoed: a template would put its quotes into the JSON unescaped
                .willReturn(created(
                        "{\"data\":{\"id\":\"{{randomValue length=12 type='NUMERIC'}}\"," + "\"text\":\"posted\"}}")));
        x.stubFor(get(urlPathMatching("/2/tweets/[0-9]+"))
                .willReturn(okJson("{\"data\":{\"id\":\"{{request.pathSegments.[2]}}\",\"text\":\"a reply\","
                        + "\"edit_history_tweet_ids\":[\"{{request.pathSegments.[2]}}\"],"
                        + "\"author_id\":\"1001\",\"conversation_id\":\"" + MENTION_ID + "\","
                        + "\"in_reply_to_user_id\":\"1002\","
                        + "\"referenced_tweets\":[{\"type\":\"replied_to\",\"id\":\"" + MENTION_ID + "\"}],"
                        + "\"created_at\":\"2026-11-25T09:00:00.000Z\"}}")));
    }

    /** Ten minutes of the persona's steps, one minute apart. */
    private void tenMinutesOfSteps() {
        for (int minute = 0; minute < 10; minute++) {
            engine.postDue(JUNIPER, clock.instant());
            engine.answerMentions(JUNIPER);
            clock.advance(Duration.ofMinutes(1));
        }
    }

    /**
     * The engine's WARN lines: at most one per kind (the persona's {@code x_unavailable} or {@code rate_limited}; the
     * outbox's no answer, cannot check, rate limited) per five minutes, however many calls fail.
     */
    private static void assertBoundedLog(CapturedOutput output) {
        List<String> warnings = output.getAll()
                .lines()
                // this test's engine runs on the test's thread; other test contexts' schedulers log too
                .filter(line -> line.contains(" WARN ")
                        && line.contains("puppetengine")
                        && MAIN.matcher(line).find())
                .toList();
        assertThat(warnings).as("WARN lines over ten failing minutes").hasSizeBetween(1, 8);
        assertThat(output.getAll()).doesNotContain("\tat ").doesNotContain("Exception:");
    }

    private void assertOneRetryingDecisionPerInput(String... reasons) {
        // the relationship with the author moves once the reply is written, whether or not X takes it yet
        assertThat(fixture.decisions(JUNIPER))
                .filteredOn(d -> d.kind() != Decision.Kind.RELATIONSHIP)
                .extracting(Decision::kind, Decision::outcome)
                .containsExactlyInAnyOrder(
                        tuple(Decision.Kind.POST, Decision.Outcome.RETRYING),
                        tuple(Decision.Kind.REPLY, Decision.Outcome.RETRYING));
        assertThat(fixture.decisions(JUNIPER))
                .filteredOn(d -> d.kind() != Decision.Kind.RELATIONSHIP)
                .allSatisfy(d -> assertThat(d.reason()).containsAnyOf(reasons));
        assertThat(fixture.decisions(JUNIPER))
                .filteredOn(d -> d.kind() == Decision.Kind.REPLY)
                .singleElement()
                .satisfies(d -> assertThat(d.inputRef()).isEqualTo(MENTION_ID));
    }

    private void assertClearsOnceXAccepts() {
        xAccepts();
        var outbox = new JdbcOutbox(JdbcClient.create(fixture.database), clock);
        // on a loaded machine a good answer can still miss the 300 ms client timeout: a few more hours of steps, each
        // past the longest backoff (30 minutes) of an item whose attempts all failed
        for (int hour = 0; hour < 4 && !cleared(outbox); hour++) {
            clock.advance(Duration.ofHours(1));
            // a step only for what is still waiting: a post step after the post went out would draft a new one
            if (!posted(outbox, false)) {
                engine.postDue(JUNIPER, clock.instant());
            }
            if (!posted(outbox, true)) {
                engine.answerMentions(JUNIPER);
            }
        }

        PersonaState state = fixture.states().require(JUNIPER);
        assertThat(state.status()).isEqualTo("ok");
        assertThat(state.statusDetail()).isNull();
        assertThat(outbox.list(JUNIPER, null, 10))
                .hasSize(2)
                .allSatisfy(item -> assertThat(item.status()).isEqualTo(OutboxStatus.POSTED));
    }

    private boolean cleared(JdbcOutbox outbox) {
        return "ok".equals(fixture.states().require(JUNIPER).status()) && posted(outbox, false) && posted(outbox, true);
    }

    /** Whether the persona's original post ({@code reply} false) or its reply is on X. */
    private static boolean posted(JdbcOutbox outbox, boolean reply) {
        return outbox.list(JUNIPER, null, 10).stream()
                .anyMatch(item -> (item.inReplyToId() != null) == reply && item.status() == OutboxStatus.POSTED);
    }

    @Test
    void x_answering_503_shows_as_x_unavailable_with_one_decision_per_input_and_clears(CapturedOutput output) {
        xRefusesPosts(aResponse()
                .withStatus(503)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\":\"Service Unavailable\",\"type\":\"about:blank\",\"status\":503,"
                        + "\"detail\":\"Service Unavailable\"}"));

        tenMinutesOfSteps();

        PersonaState state = fixture.states().require(JUNIPER);
        assertThat(state.status()).isEqualTo("x_unavailable");
        assertThat(state.statusDetail()).contains("X is unavailable").contains("503");
        assertOneRetryingDecisionPerInput("503");
        assertBoundedLog(output);

        assertClearsOnceXAccepts();
    }

    @Test
    void x_timing_out_shows_as_x_unavailable_with_one_decision_per_input_and_clears(CapturedOutput output) {
        xRefusesPosts(created("{\"data\":{\"id\":\"77\",\"text\":\"too late\"}}")
                .withFixedDelay((int) TIMEOUT.multipliedBy(5).toMillis()));

        tenMinutesOfSteps();

        PersonaState state = fixture.states().require(JUNIPER);
        assertThat(state.status()).isEqualTo("x_unavailable");
        assertThat(state.statusDetail()).contains("X is unavailable").contains("timed out");
        assertOneRetryingDecisionPerInput("timed out");
        assertBoundedLog(output);

        assertClearsOnceXAccepts();
    }

    @Test
    void a_429_shows_as_rate_limited_until_the_reset_with_one_decision_per_input_and_clears(CapturedOutput output) {
        Instant reset = START.plus(Duration.ofMinutes(15));
        xRefusesPosts(aResponse()
                .withStatus(429)
                .withHeader("Content-Type", "application/problem+json")
                .withHeader("x-rate-limit-limit", "100")
                .withHeader("x-rate-limit-remaining", "0")
                .withHeader("x-rate-limit-reset", Long.toString(reset.getEpochSecond()))
                .withBody("{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":\"about:blank\","
                        + "\"status\":429}"));

        tenMinutesOfSteps();

        PersonaState state = fixture.states().require(JUNIPER);
        assertThat(state.status()).isEqualTo("rate_limited");
        assertThat(state.statusDetail()).contains("until " + reset);
        assertOneRetryingDecisionPerInput("429", "rate limit");
        assertBoundedLog(output);

        assertClearsOnceXAccepts();
    }

    /** X's 429 with its 15-minute window exhausted until {@code reset}. */
    private static ResponseDefinitionBuilder tooManyRequests(Instant reset) {
        return aResponse()
                .withStatus(429)
                .withHeader("Content-Type", "application/problem+json")
                .withHeader("x-rate-limit-limit", "100")
                .withHeader("x-rate-limit-remaining", "0")
                .withHeader("x-rate-limit-reset", Long.toString(reset.getEpochSecond()))
                .withBody("{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":\"about:blank\","
                        + "\"status\":429}");
    }

    /** Requests X received per endpoint (method and path, ids as {id}), its own account's lookup left out. */
    private Map<String, Long> requestsPerEndpoint() {
        return x.getAllServeEvents().stream()
                .map(event -> event.getRequest().getMethod() + " "
                        + event.getRequest().getUrl().replaceAll("\\?.*", "").replaceAll("/[0-9]{3,}", "/{id}"))
                .filter(endpoint -> !endpoint.equals("GET /2/users/me"))
                .collect(Collectors.groupingBy(endpoint -> endpoint, TreeMap::new, Collectors.counting()));
    }

    @Test
    void a_429_storm_on_every_endpoint_sends_each_one_request_before_the_reset_and_loses_nothing() {
        Instant reset = START.plus(Duration.ofMinutes(15));
        xRefusesPosts(tooManyRequests(reset));
        x.stubFor(get(urlPathEqualTo("/2/users/1001/mentions")).willReturn(tooManyRequests(reset)));
        x.stubFor(get(urlPathEqualTo("/2/tweets/search/recent")).willReturn(tooManyRequests(reset)));
        x.stubFor(get(urlPathEqualTo("/2/users/1001/tweets")).willReturn(tooManyRequests(reset)));
        x.stubFor(get(urlPathMatching("/2/tweets/[0-9]+")).willReturn(tooManyRequests(reset)));

        tenMinutesOfSteps();

        assertThat(requestsPerEndpoint())
                .as("requests per endpoint in ten minutes of steps, all before the reset")
                .containsKeys("POST /2/tweets", "GET /2/users/{id}/mentions")
                .allSatisfy((endpoint, requests) ->
                        assertThat(requests).as(endpoint).isEqualTo(1));
        assertThat(fixture.states().require(JUNIPER).status()).isEqualTo("rate_limited");

        // after the reset X answers again: the post waiting in the outbox goes out, the mention is read and answered
        xRefusesPosts(tooManyRequests(reset));
        assertClearsOnceXAccepts();
    }

    @Test
    void an_exhausted_24_hour_post_cap_sends_no_post_before_its_reset_and_loses_nothing() {
        Instant reset = START.plus(Duration.ofHours(20));
        xRefusesPosts(aResponse()
                .withStatus(429)
                .withHeader("Content-Type", "application/problem+json")
                .withHeader("x-rate-limit-limit", "100")
                .withHeader("x-rate-limit-remaining", "99")
                .withHeader(
                        "x-rate-limit-reset",
                        Long.toString(START.plus(Duration.ofMinutes(15)).getEpochSecond()))
                .withHeader("x-user-limit-24hour-limit", "17")
                .withHeader("x-user-limit-24hour-remaining", "0")
                .withHeader("x-user-limit-24hour-reset", Long.toString(reset.getEpochSecond()))
                .withBody("{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":\"about:blank\","
                        + "\"status\":429}"));

        tenMinutesOfSteps();
        // every hour up to the reset: the steps run, nothing is posted
        while (clock.instant().plus(Duration.ofHours(1)).isBefore(reset)) {
            clock.advance(Duration.ofHours(1));
            engine.postDue(JUNIPER, clock.instant());
            engine.answerMentions(JUNIPER);
        }

        assertThat(requestsPerEndpoint().get("POST /2/tweets"))
                .as("posts sent in the 20 hours before the 24-hour limit resets")
                .isEqualTo(1);
        PersonaState state = fixture.states().require(JUNIPER);
        assertThat(state.status()).isEqualTo("rate_limited");
        assertThat(state.statusDetail()).contains("until " + reset);

        // after the reset: the reply goes out; the original, 20 hours old by then, expires and a new one is posted
        xAccepts();
        var outbox = new JdbcOutbox(JdbcClient.create(fixture.database), clock);
        for (int hour = 0; hour < 4 && !cleared(outbox); hour++) {
            clock.advance(Duration.ofHours(1));
            if (!posted(outbox, false)) {
                engine.postDue(JUNIPER, clock.instant());
            }
            if (!posted(outbox, true)) {
                engine.answerMentions(JUNIPER);
            }
        }
        assertThat(fixture.states().require(JUNIPER).status()).isEqualTo("ok");
        assertThat(outbox.list(JUNIPER, null, 10))
                .filteredOn(item -> item.status() != OutboxStatus.POSTED)
                .allSatisfy(item -> {
                    assertThat(item.inReplyToId())
                            .as("an item not posted is no reply")
                            .isNull();
                    assertThat(item.status()).isEqualTo(OutboxStatus.EXPIRED);
                    assertThat(item.reason()).contains("too old to send");
                });
        assertThat(posted(outbox, true))
                .as("the reply to the mention is posted")
                .isTrue();
        assertThat(posted(outbox, false)).as("an original is posted").isTrue();
    }
}
