package dev.puppetengine.social.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import dev.puppetengine.llm.TestPersonas;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.EngineProperties;
import dev.puppetengine.shared.ExternalServiceException.ContentRejected;
import dev.puppetengine.social.Account;
import dev.puppetengine.social.Post;
import dev.puppetengine.social.SocialNetwork;
import dev.puppetengine.social.twitter.OAuth1Signer;
import dev.puppetengine.social.twitter.SocialNetworks;
import dev.puppetengine.social.twitter.TwitterApiV2Client;
import dev.puppetengine.social.twitter.XWireFile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox network over real HTTP, driven by the real X client. Every request the client sends and every
 * response the sandbox returns is validated against the wire file, {@link XWireFile} (Done-when 3 of issues 3 and 11).
 */
@SpringBootTest(
        classes = SandboxNetworkIT.SandboxOnly.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:sandbox-network-it;DB_CLOSE_DELAY=-1",
            "puppet.sandbox.rate-limits.users-me.requests=3",
            "puppet.sandbox.rate-limits.users-me.window=15m"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxNetworkIT {

    @LocalServerPort
    int port;

    @Autowired
    SandboxNetwork network;

    @Autowired
    SocialNetworks socialNetworks;

    @Autowired
    Recorder recorder;

    @Autowired
    Clock clock;

    private final HttpClient http = HttpClient.newHttpClient();
    private final RecordingHttpClient recording = new RecordingHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    private TwitterApiV2Client recordedClient(PersonaSpec persona) {
        return new TwitterApiV2Client(
                persona.id(),
                URI.create("http://127.0.0.1:" + port + "/sandbox/x"),
                network.credentialsFor(persona),
                recording,
                json,
                clock,
                (id, endpoint) -> {},
                new SimpleMeterRegistry(),
                Duration.ofSeconds(10));
    }

    private static PersonaSpec persona(String id) {
        return TestPersonas.persona(id).build();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class The_client_against_the_sandbox {

        @Test
        void every_request_and_response_matches_the_official_x_api_description() {
            recording.clear();
            TwitterApiV2Client ada = recordedClient(persona("spec-ada"));
            TwitterApiV2Client bob = recordedClient(persona("spec-bob"));

            Account adaAccount = ada.me();
            Account bobAccount = bob.me();
            Post root = ada.post("tide pools at dawn, @spec_bob come look", null, null);
            List<Post> bobMentions = bob.mentions(null);
            Post reply = bob.post("on my way", root.id(), null);
            List<Post> adaMentions = ada.mentions(null);
            List<Post> newer = ada.mentions(reply.id());
            Post quote = bob.post("look at this thread", null, root.id());
            bob.like(root.id());
            List<Post> thread = ada.conversation(root.id());
            List<Post> adaPosts = ada.recentPosts(adaAccount.id());
            assertThat(ada.find("1")).isEmpty();
            ada.delete(root.id());
            assertThat(ada.find(root.id())).isEmpty();

            assertThat(adaAccount.username()).isEqualTo("spec_ada");
            assertThat(bobMentions).extracting(Post::id).containsExactly(root.id());
            assertThat(bobMentions.getFirst().authorUsername()).isEqualTo("spec_ada");
            assertThat(reply.inReplyToId()).isEqualTo(root.id());
            assertThat(reply.conversationId()).isEqualTo(root.id());
            assertThat(adaMentions).extracting(Post::id).containsExactly(reply.id());
            assertThat(newer).isEmpty();
            assertThat(quote.quotedId()).isEqualTo(root.id());
            assertThat(thread).extracting(Post::id).containsExactly(root.id(), reply.id());
            assertThat(adaPosts).extracting(Post::id).containsExactly(root.id());
            assertThat(bobAccount.id()).isNotEqualTo(adaAccount.id());

            List<RecordingHttpClient.Exchange> exchanges = recording.exchanges();
            assertThat(exchanges).hasSizeGreaterThanOrEqualTo(14);
            for (RecordingHttpClient.Exchange exchange : exchanges) {
                XWireFile.assertValid(request(exchange), response(exchange));
            }
        }

        @Test
        void rejects_duplicate_content_like_x() {
            TwitterApiV2Client cy = recordedClient(persona("spec-cy"));
            cy.post("the same words twice", null, null);

            assertThatThrownBy(() -> cy.post("the same words twice", null, null))
                    .isInstanceOf(ContentRejected.class);
        }

        @Test
        void gives_each_persona_a_client_at_the_sandbox_with_stored_credentials() {
            SocialNetwork dee = socialNetworks.forPersona(persona("spec-dee"));

            Post posted = dee.post("first light over the reef", null, null);

            assertThat(dee.me().username()).isEqualTo("spec_dee");
            assertThat(network.timeline(null, 50)).anySatisfy(p -> {
                assertThat(p.id()).isEqualTo(posted.id());
                assertThat(p.personaId()).isEqualTo("spec-dee");
            });
            assertThat(network.credentialsFor(persona("spec-dee")).accessToken().value())
                    .isEqualTo(network.credentialsFor(persona("spec-dee"))
                            .accessToken()
                            .value());
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class The_sandbox_server {

        @Test
        void answers_a_bad_signature_with_xs_401() throws Exception {
            PersonaSpec eve = persona("spec-eve");
            var credentials = network.credentialsFor(eve);
            var forged = new PersonaSpec.OAuth1Credentials(
                    credentials.apiKey(),
                    new dev.puppetengine.persona.Secret("wrong", "wrong"),
                    credentials.accessToken(),
                    credentials.accessTokenSecret());
            URI me = URI.create("http://127.0.0.1:" + port + "/sandbox/x/2/users/me");

            HttpResponse<String> response = send("GET", me, new OAuth1Signer(forged).authorization("GET", me));
            HttpResponse<String> unsigned = send("GET", me, null);

            for (HttpResponse<String> denied : List.of(response, unsigned)) {
                assertThat(denied.statusCode()).isEqualTo(401);
                assertThat(denied.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(json.readTree(denied.body()))
                        .isEqualTo(
                                json.readTree(
                                        "{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}"));
            }
        }

        @Test
        void answers_429_with_rate_limit_headers_once_the_limit_is_spent() throws Exception {
            PersonaSpec fay = persona("spec-fay");
            OAuth1Signer signer = new OAuth1Signer(network.credentialsFor(fay));
            URI me = URI.create("http://127.0.0.1:" + port + "/sandbox/x/2/users/me");
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                responses.add(send("GET", me, signer.authorization("GET", me)));
            }

            assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(200, 200, 200, 429);
            assertThat(responses)
                    .extracting(r ->
                            r.headers().firstValue("x-rate-limit-remaining").orElseThrow())
                    .containsExactly("2", "1", "0", "0");
            HttpResponse<String> limited = responses.getLast();
            assertThat(limited.headers().firstValue("x-rate-limit-limit")).contains("3");
            long reset = Long.parseLong(
                    limited.headers().firstValue("x-rate-limit-reset").orElseThrow());
            assertThat(reset)
                    .isBetween(
                            clock.instant().getEpochSecond() + 1,
                            clock.instant().plus(Duration.ofMinutes(15)).getEpochSecond() + 1);
            assertThat(json.readTree(limited.body()))
                    .isEqualTo(json.readTree("{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\","
                            + "\"type\":\"about:blank\",\"status\":429}"));
        }

        @Test
        void pages_mentions_newest_first_with_x_meta() throws Exception {
            PersonaSpec gus = persona("spec-gus");
            OAuth1Signer signer = new OAuth1Signer(network.credentialsFor(gus));
            String gusId = network.personaUser("spec-gus", "Gus").id() + "";
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                ids.add(network.postAsHuman("pager", "hey @spec_gus number " + i, null)
                        .id());
            }
            String base = "http://127.0.0.1:" + port + "/sandbox/x/2/users/" + gusId + "/mentions?max_results=5";

            JsonNode first = getJson(URI.create(base), signer);
            String token = first.path("meta").path("next_token").asString();
            JsonNode second = getJson(URI.create(base + "&pagination_token=" + token), signer);
            JsonNode since = getJson(URI.create(base + "&since_id=" + ids.get(5)), signer);

            assertThat(first.path("data").values())
                    .extracting(n -> n.path("id").asString())
                    .containsExactly(ids.get(6), ids.get(5), ids.get(4), ids.get(3), ids.get(2));
            assertThat(first.path("meta").path("result_count").asInt()).isEqualTo(5);
            assertThat(first.path("meta").path("newest_id").asString()).isEqualTo(ids.get(6));
            assertThat(first.path("meta").path("oldest_id").asString()).isEqualTo(ids.get(2));
            assertThat(second.path("data").values())
                    .extracting(n -> n.path("id").asString())
                    .containsExactly(ids.get(1), ids.get(0));
            assertThat(second.path("meta").has("next_token")).isFalse();
            assertThat(since.path("data").values())
                    .extracting(n -> n.path("id").asString())
                    .containsExactly(ids.get(6));
        }

        private JsonNode getJson(URI uri, OAuth1Signer signer) throws Exception {
            HttpResponse<String> response = send("GET", uri, signer.authorization("GET", uri));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            XWireFile.assertValid(
                    XWireFile.request(
                            "GET",
                            uri,
                            "/sandbox/x",
                            Map.of("Authorization", List.of(signer.authorization("GET", uri))),
                            null),
                    XWireFile.response(200, response.headers().map(), response.body()));
            return json.readTree(response.body());
        }
    }

    @Nested
    class The_operator_endpoints {

        @Test
        void post_as_a_human_publishes_the_post_and_shows_it_on_the_timeline() throws Exception {
            String newest = network.timeline(null, 1).stream()
                    .map(SandboxPost::id)
                    .findFirst()
                    .orElse("0");
            URI posts = URI.create("http://127.0.0.1:" + port + "/api/sandbox/posts");
            HttpResponse<String> created = http.send(
                    HttpRequest.newBuilder(posts)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"author\":\"@marina\",\"text\":\"hello @spec_ada, seen any anglerfish?\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> timeline = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + port + "/api/sandbox/timeline?limit=10&sinceId=" + newest))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode post = json.readTree(created.body());
            assertThat(post.path("author").asString()).isEqualTo("marina");
            assertThat(post.path("personaId").isNull()).isTrue();
            assertThat(timeline.statusCode()).isEqualTo(200);
            assertThat(json.readTree(timeline.body()).values())
                    .extracting(n -> n.path("id").asString())
                    .containsExactly(post.path("id").asString());
            assertThat(recorder.posts)
                    .extracting(SandboxPost::id)
                    .contains(post.path("id").asString());
        }

        @Test
        void a_reply_to_a_missing_post_is_a_404_problem() throws Exception {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/sandbox/posts"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"author\":\"marina\",\"text\":\"anyone?\",\"inReplyTo\":\"42\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(json.readTree(response.body()).path("reason").asString()).isEqualTo("reply_target_missing");
        }
    }

    private HttpResponse<String> send(String method, URI uri, @org.jspecify.annotations.Nullable String authorization)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Request request(RecordingHttpClient.Exchange exchange) {
        return XWireFile.request(
                exchange.request().method(),
                exchange.request().uri(),
                "/sandbox/x",
                exchange.request().headers().map(),
                exchange.requestBody());
    }

    private static Response response(RecordingHttpClient.Exchange exchange) {
        return XWireFile.response(exchange.status(), exchange.responseHeaders().map(), exchange.responseBody());
    }

    /**
     * The sandbox and the X client on Boot's auto-configuration (web, JDBC, Flyway on H2), nothing else. Not a
     * {@code @Configuration}: the application's component scan would pick it (and its system clock) up in every
     * full-application test that runs from the same class path.
     */
    // The engine's filter chain (web.security) is not in this slice; Boot's default one would ask for a password.
    @EnableAutoConfiguration(
            excludeName = {
                "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"
            })
    @ComponentScan(basePackageClasses = {SandboxNetwork.class, SocialNetworks.class})
    @Import(Recorder.class)
    @EnableConfigurationProperties(EngineProperties.class)
    static class SandboxOnly {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    /** Collects {@link SandboxPostCreated} events. */
    static class Recorder {
        final List<SandboxPost> posts = new CopyOnWriteArrayList<>();

        @EventListener
        void on(SandboxPostCreated created) {
            posts.add(created.post());
        }
    }
}
