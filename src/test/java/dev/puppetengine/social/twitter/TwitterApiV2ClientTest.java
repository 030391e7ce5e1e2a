package dev.puppetengine.social.twitter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec.OAuth1Credentials;
import dev.puppetengine.persona.Secret;
import dev.puppetengine.shared.ExternalServiceException.ContentRejected;
import dev.puppetengine.shared.ExternalServiceException.RateLimited;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.social.Post;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The X client against WireMock speaking X's wire format (Done-when 4 of issue 3: no request before the reset). */
class TwitterApiV2ClientTest {

    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private static final String MENTIONS = "/2/users/1001/mentions";
    private static final String TOO_MANY_REQUESTS =
            "{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429}";

    private final SettableClock clock = new SettableClock(START);
    private final List<String> usage = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private WireMockServer x;
    private TwitterApiV2Client client;

    @BeforeEach
    void start() {
        x = XStub.server();
        x.start();
        x.stubFor(get(urlPathEqualTo("/2/users/me"))
                .willReturn(okJson("{\"data\":{\"id\":\"1001\",\"name\":\"Ada\",\"username\":\"ada\"}}")));
        OAuth1Credentials credentials = new OAuth1Credentials(
                new Secret("ck", "ck"), new Secret("cs", "cs"), new Secret("at", "at"), new Secret("ats", "ats"));
        client = new TwitterApiV2Client(
                PersonaId.of("ada"),
                URI.create(x.baseUrl()),
                credentials,
                HttpClient.newHttpClient(),
                JsonMapper.builder().build(),
                clock,
                (persona, endpoint) -> usage.add(persona + " " + endpoint.key()),
                meters,
                Duration.ofSeconds(60)); // generous: nothing here tests the timeout, and CI machines can be loaded
    }

    /** Every exchange is checked against the wire file by {@link XStub} as it happens. */
    @AfterEach
    void stop() {
        x.stop();
    }

    private long resetIn(Duration duration) {
        return START.plus(duration).getEpochSecond();
    }

    private int mentionRequests() {
        return x.findAll(getRequestedFor(urlPathEqualTo(MENTIONS))).size();
    }

    @Nested
    class After_a_429 {

        @BeforeEach
        void rate_limited() {
            x.stubFor(get(urlPathEqualTo(MENTIONS))
                    .willReturn(aResponse()
                            .withStatus(429)
                            .withHeader("Content-Type", "application/problem+json")
                            .withHeader("x-rate-limit-limit", "75")
                            .withHeader("x-rate-limit-remaining", "0")
                            .withHeader("x-rate-limit-reset", Long.toString(resetIn(Duration.ofMinutes(15))))
                            .withBody(TOO_MANY_REQUESTS)));
        }

        @Test
        void reports_rate_limited_with_the_wait_until_the_reset() {
            assertThatThrownBy(() -> client.mentions(null))
                    .isInstanceOfSatisfying(
                            RateLimited.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(15)));
        }

        @Test
        void sends_no_request_to_that_endpoint_before_the_reset_then_resumes() {
            assertThatThrownBy(() -> client.mentions(null)).isInstanceOf(RateLimited.class);
            assertThat(mentionRequests()).isEqualTo(1);

            clock.advance(Duration.ofMinutes(5));
            assertThatThrownBy(() -> client.mentions("5"))
                    .isInstanceOfSatisfying(
                            RateLimited.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(10)));
            clock.advance(Duration.ofMinutes(10).minusSeconds(1));
            assertThatThrownBy(() -> client.mentions(null)).isInstanceOf(RateLimited.class);
            assertThat(mentionRequests()).isEqualTo(1);
            assertThat(meters.timer("puppet.x.requests", "endpoint", "mentions", "outcome", "rate_limited")
                            .count())
                    .isEqualTo(1);
            assertThat(meters.timer("puppet.x.requests", "endpoint", "mentions", "outcome", "blocked")
                            .count())
                    .isEqualTo(2);

            x.stubFor(get(urlPathEqualTo(MENTIONS))
                    .willReturn(okJson(
                                    "{\"data\":[{\"id\":\"2002\",\"text\":\"@ada hi\",\"edit_history_tweet_ids\":[\"2002\"],\"author_id\":\"1002\",\"conversation_id\":\"2002\",\"created_at\":\"2026-11-25T10:14:00.000Z\"}],"
                                            + "\"includes\":{\"users\":[{\"id\":\"1002\",\"name\":\"Bob\",\"username\":\"bob\"}]},"
                                            + "\"meta\":{\"result_count\":1,\"newest_id\":\"2002\",\"oldest_id\":\"2002\"}}")
                            .withHeader("x-rate-limit-limit", "75")
                            .withHeader("x-rate-limit-remaining", "74")
                            .withHeader("x-rate-limit-reset", Long.toString(resetIn(Duration.ofMinutes(30))))));
            clock.advance(Duration.ofSeconds(1));

            List<Post> mentions = client.mentions(null);

            assertThat(mentions)
                    .extracting(Post::id, Post::authorUsername)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("2002", "bob"));
            assertThat(mentionRequests()).isEqualTo(2);
        }

        @Test
        void other_endpoints_stay_usable() {
            assertThatThrownBy(() -> client.mentions(null)).isInstanceOf(RateLimited.class);
            x.stubFor(
                    get(urlPathEqualTo("/2/users/1001/tweets")).willReturn(okJson("{\"meta\":{\"result_count\":0}}")));

            assertThat(client.recentPosts("1001")).isEmpty();
        }
    }

    @Test
    void a_response_with_nothing_remaining_blocks_the_endpoint_until_its_reset() {
        x.stubFor(get(urlPathEqualTo(MENTIONS))
                .willReturn(okJson("{\"meta\":{\"result_count\":0}}")
                        .withHeader("x-rate-limit-limit", "75")
                        .withHeader("x-rate-limit-remaining", "0")
                        .withHeader("x-rate-limit-reset", Long.toString(resetIn(Duration.ofMinutes(3))))));

        assertThat(client.mentions(null)).isEmpty();
        assertThatThrownBy(() -> client.mentions(null)).isInstanceOf(RateLimited.class);
        assertThat(mentionRequests()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(3));
        assertThat(client.mentions(null)).isEmpty();
        assertThat(mentionRequests()).isEqualTo(2);
    }

    @Test
    void posts_a_reply_as_json_signed_with_oauth_1a() {
        x.stubFor(
                post(urlPathEqualTo("/2/tweets"))
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"data\":{\"id\":\"3003\",\"text\":\"hello\",\"edit_history_tweet_ids\":[\"3003\"]}}")));
        x.stubFor(get(urlPathEqualTo("/2/tweets/3003"))
                .willReturn(
                        okJson("{\"data\":{\"id\":\"3003\",\"text\":\"hello\",\"edit_history_tweet_ids\":[\"3003\"],"
                                + "\"author_id\":\"1001\",\"conversation_id\":\"2000\",\"created_at\":\"2026-11-25T10:00:00.000Z\","
                                + "\"referenced_tweets\":[{\"type\":\"replied_to\",\"id\":\"2002\"}]}}")));

        Post reply = client.post("hello", "2002", null);

        assertThat(reply.conversationId()).isEqualTo("2000");
        assertThat(reply.inReplyToId()).isEqualTo("2002");
        x.verify(postRequestedFor(urlPathEqualTo("/2/tweets"))
                .withHeader(
                        "Authorization",
                        matching("OAuth (?=.*oauth_signature_method=\"HMAC-SHA1\")(?=.*oauth_consumer_key=\"ck\")"
                                + "(?=.*oauth_token=\"at\")(?=.*oauth_signature=).*"))
                .withRequestBody(equalToJson("{\"text\":\"hello\",\"reply\":{\"in_reply_to_tweet_id\":\"2002\"}}")));
        assertThat(usage).contains("ada users-me", "ada create-post", "ada get-post");
    }

    @Test
    void duplicate_content_is_rejected_content() {
        x.stubFor(post(urlPathEqualTo("/2/tweets"))
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"detail\":\"You are not allowed to create a Tweet with duplicate content.\","
                                + "\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403}")));

        assertThatThrownBy(() -> client.post("again", null, null)).isInstanceOf(ContentRejected.class);
    }

    @Test
    void a_missing_post_is_empty() {
        x.stubFor(get(urlPathEqualTo("/2/tweets/9"))
                .withQueryParam("expansions", equalTo(TwitterApiV2Client.EXPANSIONS))
                .willReturn(okJson("{\"errors\":[{\"value\":\"9\",\"detail\":\"Could not find tweet with id: [9].\","
                        + "\"title\":\"Not Found Error\",\"resource_type\":\"tweet\",\"parameter\":\"id\","
                        + "\"resource_id\":\"9\",\"type\":\"https://api.x.com/2/problems/resource-not-found\"}]}")));

        assertThat(client.find("9")).isEmpty();
        x.verify(exactly(1), getRequestedFor(urlPathEqualTo("/2/tweets/9")));
    }

    @Test
    void asks_for_the_fields_and_expansions_it_reads_by_xs_names() {
        x.stubFor(get(urlPathEqualTo(MENTIONS)).willReturn(okJson("{\"meta\":{\"result_count\":0}}")));

        client.mentions(null);

        x.verify(getRequestedFor(urlPathEqualTo(MENTIONS))
                .withQueryParam("tweet.fields", equalTo("conversation_id,created_at"))
                .withQueryParam("expansions", equalTo("author_id,referenced_tweets.id,referenced_tweets.id.author_id"))
                .withQueryParam("user.fields", equalTo("username")));
    }

    @Nested
    class A_mention_that_replies_to_a_post {

        @BeforeEach
        void carried_in_includes() {
            x.stubFor(get(urlPathEqualTo(MENTIONS))
                    .willReturn(okJson("{\"data\":[{\"id\":\"2003\",\"text\":\"@ada so true\","
                            + "\"edit_history_tweet_ids\":[\"2003\"],\"author_id\":\"1002\",\"conversation_id\":\"2001\","
                            + "\"created_at\":\"2026-11-25T10:05:00.000Z\","
                            + "\"referenced_tweets\":[{\"type\":\"replied_to\",\"id\":\"2001\"}]}],"
                            + "\"includes\":{\"tweets\":[{\"id\":\"2001\",\"text\":\"tides are early today\","
                            + "\"edit_history_tweet_ids\":[\"2001\"],\"author_id\":\"1001\",\"conversation_id\":\"2001\","
                            + "\"created_at\":\"2026-11-25T10:01:00.000Z\"}],"
                            + "\"users\":[{\"id\":\"1002\",\"name\":\"Bob\",\"username\":\"bob\"},"
                            + "{\"id\":\"1001\",\"name\":\"Ada\",\"username\":\"ada\"}]},"
                            + "\"meta\":{\"result_count\":1,\"newest_id\":\"2003\",\"oldest_id\":\"2003\"}}")));
        }

        @Test
        void reads_the_reply_reference_and_finds_the_parent_without_a_lookup() {
            List<Post> mentions = client.mentions(null);

            assertThat(mentions.getFirst().inReplyToId()).isEqualTo("2001");
            assertThat(client.find("2001")).hasValueSatisfying(parent -> {
                assertThat(parent.text()).isEqualTo("tides are early today");
                assertThat(parent.authorUsername()).isEqualTo("ada");
            });
            x.verify(exactly(0), getRequestedFor(urlPathEqualTo("/2/tweets/2001")));
        }

        @Test
        void a_reply_to_it_takes_the_conversation_without_a_lookup() {
            x.stubFor(post(urlPathEqualTo("/2/tweets"))
                    .willReturn(aResponse()
                            .withStatus(201)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"data\":{\"id\":\"3004\",\"text\":\"thanks\","
                                    + "\"edit_history_tweet_ids\":[\"3004\"]}}")));
            client.mentions(null);

            Post reply = client.post("thanks", "2001", null);

            assertThat(reply.conversationId()).isEqualTo("2001");
            x.verify(exactly(0), getRequestedFor(urlPathEqualTo("/2/tweets/3004")));
        }
    }
}
