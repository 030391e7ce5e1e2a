package dev.puppetengine.social.twitter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec.OAuth1Credentials;
import dev.puppetengine.persona.Secret;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.Outbox;
import dev.puppetengine.social.OutboxDispatcher;
import dev.puppetengine.social.OutboxItem;
import dev.puppetengine.social.OutboxStatus;
import dev.puppetengine.social.jdbc.JdbcOutbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reconcile (DESIGN §6.1) through the real X client against WireMock: a post whose answer timed out is found in the
 * persona's timeline in the form X stores it (entities, t.co links, NFC, reply handles), and never sent twice.
 */
class OutboxReconcileTest {

    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private static final PersonaId ADA = PersonaId.of("ada");
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration IN_FLIGHT = HTTP_TIMEOUT.plusSeconds(30);
    private static final String TIMELINE = "/2/users/1001/tweets";

    private final SettableClock clock = new SettableClock(START);
    private final JsonMapper json = JsonMapper.builder().build();
    private final Outbox outbox = new JdbcOutbox(JdbcClient.create(TestDatabase.inMemory()), clock);
    private final OutboxDispatcher dispatcher = new OutboxDispatcher(outbox, clock, IN_FLIGHT);
    private final AnswerLosingHttpClient http = new AnswerLosingHttpClient(request ->
            request.method().equals("POST") && request.uri().getPath().equals("/2/tweets"));
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
                ADA,
                URI.create(x.baseUrl()),
                credentials,
                http,
                json,
                clock,
                (persona, endpoint) -> {},
                new SimpleMeterRegistry(),
                HTTP_TIMEOUT);
    }

    @AfterEach
    void stop() {
        x.stop();
    }

    /** X accepts the post, but its answer is lost: the client reports a read timeout. */
    private void createPostTimesOut() {
        x.stubFor(post(urlPathEqualTo("/2/tweets"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":{\"id\":\"4004\",\"text\":\"too late\"}}")));
    }

    /** The persona's timeline as X serves it: newest first, with the text as X stores it. */
    private void timelineHas(String id, String storedText, String inReplyToId) {
        ObjectNode post = json.createObjectNode()
                .put("id", id)
                .put("text", storedText)
                .put("author_id", "1001")
                .put("conversation_id", inReplyToId.isEmpty() ? id : "2000")
                .put("created_at", "2026-11-25T10:00:01.000Z");
        post.putArray("edit_history_tweet_ids").add(id);
        if (!inReplyToId.isEmpty()) {
            post.putArray("referenced_tweets")
                    .addObject()
                    .put("type", "replied_to")
                    .put("id", inReplyToId);
        }
        ObjectNode older = json.createObjectNode()
                .put("id", "3990")
                .put("text", "an older post")
                .put("author_id", "1001")
                .put("conversation_id", "3990")
                .put("created_at", "2026-11-24T18:00:00.000Z");
        older.putArray("edit_history_tweet_ids").add("3990");
        ObjectNode body = json.createObjectNode();
        ArrayNode data = body.putArray("data");
        data.add(post);
        data.add(older);
        body.putObject("includes")
                .putArray("users")
                .addObject()
                .put("id", "1001")
                .put("name", "Ada")
                .put("username", "ada");
        body.putObject("meta").put("result_count", 2).put("newest_id", id).put("oldest_id", "3990");
        x.stubFor(get(urlPathEqualTo(TIMELINE)).willReturn(okJson(json.writeValueAsString(body))));
    }

    private int createPostRequests() {
        return x.findAll(postRequestedFor(urlPathEqualTo("/2/tweets"))).size();
    }

    @Nested
    class A_post_that_timed_out {

        @Test
        void is_found_in_X_s_form_and_ends_posted_with_its_id_without_a_resend() {
            OutboxItem item = outbox.enqueue(OutboxItem.Draft.post(
                    ADA, "post:ada:1", "Tea > coffee & that's final <3 cafe\u0301 https://example.com/tea?a=1&b=2 "));
            createPostTimesOut();

            OutboxItem unanswered = dispatcher.deliver(item, client);
            assertThat(unanswered.status()).isEqualTo(OutboxStatus.DISPATCHING);
            assertThat(unanswered.reason()).contains("timed out");

            timelineHas("4004", "Tea &gt; coffee &amp; that's final &lt;3 caf\u00e9 https://t.co/3kVxRk5mQh", "");
            clock.set(dispatcher.dueAt(unanswered));
            OutboxItem reconciled = dispatcher.deliver(outbox.find(item.id()).orElseThrow(), client);

            assertThat(reconciled.status()).isEqualTo(OutboxStatus.POSTED);
            assertThat(reconciled.remoteId()).isEqualTo("4004");
            assertThat(createPostRequests()).isEqualTo(1);
        }

        @Test
        void is_found_as_a_reply_that_X_prefixed_with_handles() {
            OutboxItem item = outbox.enqueue(
                    OutboxItem.Draft.reply(ADA, "reply:ada:2002", "glad you liked it &  thanks for <reading>", "2002"));
            createPostTimesOut();
            OutboxItem unanswered = dispatcher.deliver(item, client);

            timelineHas("4004", "@bob glad you liked it &amp; thanks for &lt;reading&gt;", "2002");
            clock.set(dispatcher.dueAt(unanswered));
            OutboxItem reconciled = dispatcher.deliver(outbox.find(item.id()).orElseThrow(), client);

            assertThat(reconciled.status()).isEqualTo(OutboxStatus.POSTED);
            assertThat(reconciled.remoteId()).isEqualTo("4004");
            assertThat(createPostRequests()).isEqualTo(1);
        }
    }

    @Nested
    class A_send_in_flight {

        @Test
        void of_another_node_is_not_reconciled_before_its_timeout_has_passed() {
            OutboxItem item = outbox.enqueue(OutboxItem.Draft.post(ADA, "post:ada:1", "tea is a mood"));
            outbox.markDispatching(item.id(), clock.instant());
            OutboxItem inFlight = outbox.find(item.id()).orElseThrow();
            timelineHas("3995", "something else", "");
            clock.advance(Duration.ofSeconds(20));

            OutboxItem untouched = dispatcher.deliver(inFlight, client);

            assertThat(untouched).isEqualTo(inFlight);
            x.verify(exactly(0), getRequestedFor(urlPathEqualTo(TIMELINE)));
            assertThat(createPostRequests()).isZero();
        }
    }
}
