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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
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
        void reads_the_mentions_of_a_cast_with_one_search_and_routes_them_without_lookups() {
            recording.clear();
            TwitterApiV2Client fay = recordedClient(persona("cast-fay"));
            TwitterApiV2Client gus = recordedClient(persona("cast-gus"));
            TwitterApiV2Client hal = recordedClient(persona("cast-hal"));
            fay.me();
            gus.me();
            Post fayRoot = fay.post("low tide tonight", null, null);
            SandboxPost toBoth = network.postAsHuman("cast_walker", "@cast_fay @Cast_Gus which beach?", null);
            Post halReply = hal.post("the north one", fayRoot.id(), null);
            Post halQuote = hal.post("@cast_gus worth reading", null, fayRoot.id());
            network.postAsHuman("cast_walker", "nobody mentioned here", null);
            int before = recording.exchanges().size();

            List<SocialNetwork.Found> found = hal.search("@cast_fay OR @cast_gus", null);
            List<SocialNetwork.Found> newer =
                    hal.search("@cast_fay OR @cast_gus", found.getLast().post().id());

            assertThat(found)
                    .extracting(f -> f.post().id())
                    .containsExactly(String.valueOf(toBoth.id()), halReply.id(), halQuote.id());
            assertThat(found.get(0).addressed()).containsExactlyInAnyOrder("cast_fay", "cast_gus");
            assertThat(found.get(1).addressed()).contains("cast_fay");
            assertThat(found.get(2).addressed()).contains("cast_fay", "cast_gus");
            assertThat(newer).isEmpty();
            List<RecordingHttpClient.Exchange> searches =
                    recording.exchanges().subList(before, recording.exchanges().size());
            assertThat(searches)
                    .hasSize(2)
                    .allSatisfy(exchange -> assertThat(exchange.request().uri().getPath())
                            .isEqualTo("/sandbox/x/2/tweets/search/recent"));
            for (RecordingHttpClient.Exchange exchange : recording.exchanges()) {
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
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class The_sandbox_port {

        private URI api(String pathAndQuery) {
            return URI.create(network.apiBaseUrl().orElseThrow() + pathAndQuery);
        }

        /** A signed request to the sandbox port; the exchange must match the wire file whatever its status. */
        private HttpResponse<String> signed(String method, URI uri, OAuth1Signer signer, @Nullable String body)
                throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .header("Authorization", signer.authorization(method, uri))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpRequest built = request.build();
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            XWireFile.assertValid(
                    XWireFile.request(method, uri, "", built.headers().map(), body),
                    XWireFile.response(response.statusCode(), response.headers().map(), response.body()));
            return response;
        }

        private JsonNode ok(HttpResponse<String> response) {
            assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
            return json.readTree(response.body());
        }

        @Test
        void serves_the_x_api_at_slash_2_on_its_own_port_and_keeps_the_old_path() throws Exception {
            OAuth1Signer signer = new OAuth1Signer(network.credentialsFor(persona("port-ada")));
            URI old = URI.create("http://127.0.0.1:" + port + "/sandbox/x/2/users/me");

            assertThat(network.apiBaseUrl())
                    .hasValueSatisfying(url -> assertThat(url.getPort()).isNotEqualTo(port));
            assertThat(ok(signed("GET", api("/2/users/me"), signer, null))
                            .path("data")
                            .path("username")
                            .asString())
                    .isEqualTo("port_ada");
            assertThat(send("GET", old, signer.authorization("GET", old)).statusCode())
                    .isEqualTo(200);
            assertThat(send("GET", URI.create("http://127.0.0.1:" + port + "/2/users/me"), null)
                            .statusCode())
                    .isEqualTo(404);
            assertThat(send("GET", api("/api/sandbox/timeline"), null).statusCode())
                    .isEqualTo(404);
        }

        @Test
        void answers_unknown_parameters_fields_and_expansions_with_xs_400() throws Exception {
            OAuth1Signer signer = new OAuth1Signer(network.credentialsFor(persona("port-bea")));
            String id = network.postAsHuman("walker", "a plain post to look up", null)
                    .id();

            for (String query : List.of(
                    "?post.fields=created_at",
                    "?tweet.fields=created_at,colour",
                    "?expansions=referenced_posts",
                    "?user.fields=shoe_size")) {
                URI uri = api("/2/tweets/" + id + query);
                HttpResponse<String> refused = send("GET", uri, signer.authorization("GET", uri));

                assertThat(refused.statusCode()).as(query).isEqualTo(400);
                assertThat(XWireFile.responseErrors(
                                "/2/tweets/" + id,
                                Request.Method.GET,
                                XWireFile.response(400, refused.headers().map(), refused.body())))
                        .isEmpty();
                JsonNode problem = json.readTree(refused.body());
                assertThat(problem.path("type").asString()).isEqualTo("https://api.x.com/2/problems/invalid-request");
                assertThat(problem.path("detail").asString()).isNotBlank();
            }
        }

        @Test
        void shows_only_id_text_and_edit_history_unless_fields_are_asked_for() throws Exception {
            OAuth1Signer signer = new OAuth1Signer(network.credentialsFor(persona("port-cal")));
            SandboxPost root = network.postAsHuman("rower", "morning on the river", null);
            SandboxPost reply = network.postAsHuman("oarsman", "@rower cold water though", Long.parseLong(root.id()));

            JsonNode plain = ok(signed("GET", api("/2/tweets/" + reply.id()), signer, null));
            JsonNode full = ok(signed(
                    "GET",
                    api("/2/tweets/" + reply.id() + "?tweet.fields=created_at,conversation_id"
                            + "&expansions=author_id,referenced_tweets.id,referenced_tweets.id.author_id"
                            + "&user.fields=created_at"),
                    signer,
                    null));

            assertThat(plain.path("data").propertyNames())
                    .containsExactlyInAnyOrder("id", "text", "edit_history_tweet_ids");
            assertThat(plain.has("includes")).isFalse();
            assertThat(full.path("data").path("conversation_id").asString()).isEqualTo(root.id());
            assertThat(full.path("data")
                            .path("referenced_tweets")
                            .get(0)
                            .path("id")
                            .asString())
                    .isEqualTo(root.id());
            assertThat(full.path("includes")
                            .path("tweets")
                            .get(0)
                            .path("author_id")
                            .asString())
                    .isEqualTo(root.authorId());
            assertThat(full.path("includes").path("users").values())
                    .extracting(u -> u.path("username").asString())
                    .containsExactly("oarsman", "rower");
            assertThat(full.path("includes").path("users").get(0).has("created_at"))
                    .isTrue();
        }

        @Test
        void refuses_a_stale_timestamp_and_a_replayed_nonce_with_401() throws Exception {
            var credentials = network.credentialsFor(persona("port-dot"));
            URI me = api("/2/users/me");
            String stale =
                    new OAuth1Signer(credentials, Clock.offset(clock, Duration.ofDays(-3))).authorization("GET", me);
            String early =
                    new OAuth1Signer(credentials, Clock.offset(clock, Duration.ofMinutes(6))).authorization("GET", me);
            String fresh = new OAuth1Signer(credentials, clock).authorization("GET", me);

            assertThat(send("GET", me, stale).statusCode()).isEqualTo(401);
            assertThat(send("GET", me, early).statusCode()).isEqualTo(401);
            assertThat(send("GET", me, fresh).statusCode()).isEqualTo(200);
            assertThat(send("GET", me, fresh).statusCode()).isEqualTo(401);
        }

        @Test
        void sends_the_24_hour_limits_on_writes() throws Exception {
            OAuth1Signer signer = new OAuth1Signer(network.credentialsFor(persona("port-eli")));

            HttpResponse<String> created = signed("POST", api("/2/tweets"), signer, "{\"text\":\"counting my posts\"}");

            assertThat(created.statusCode()).isEqualTo(201);
            for (String prefix : List.of("x-user-limit-24hour-", "x-app-limit-24hour-")) {
                assertThat(created.headers().firstValue(prefix + "limit")).isPresent();
                assertThat(created.headers().firstValue(prefix + "remaining")).isPresent();
                assertThat(created.headers().firstValue(prefix + "reset")).isPresent();
            }
            assertThat(created.headers().firstValue("x-user-limit-24hour-remaining"))
                    .hasValueSatisfying(
                            remaining -> assertThat(Integer.parseInt(remaining)).isPositive());
        }

        @Test
        void reads_with_an_app_only_bearer_token_but_writes_only_as_a_user() throws Exception {
            SandboxUser flo = network.personaUser("port-flo", "Flo");
            String bearer = "Bearer " + SandboxOAuth.bearerToken(java.util.Objects.requireNonNull(flo.keys()));
            String id = network.postAsHuman("reader", "read me with an app token", null)
                    .id();

            HttpResponse<String> read = send("GET", api("/2/tweets/" + id), bearer);
            HttpResponse<String> write = http.send(
                    HttpRequest.newBuilder(api("/2/tweets"))
                            .header("Authorization", bearer)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"not as an app\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> forged = send("GET", api("/2/tweets/" + id), bearer + "0");

            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            assertThat(write.statusCode()).isEqualTo(403);
            assertThat(forged.statusCode()).isEqualTo(401);
        }

        @Test
        void answers_unknown_users_and_posts_with_200_and_errors() throws Exception {
            OAuth1Signer signer = new OAuth1Signer(network.credentialsFor(persona("port-gil")));
            String known =
                    network.postAsHuman("lookup", "one that exists", null).id();

            JsonNode user = ok(signed("GET", api("/2/users/7"), signer, null));
            JsonNode byName = ok(signed("GET", api("/2/users/by/username/nobody_here"), signer, null));
            JsonNode posts = ok(signed("GET", api("/2/tweets?ids=" + known + ",9"), signer, null));
            JsonNode found = ok(signed("GET", api("/2/users/by/username/lookup"), signer, null));

            assertThat(user.has("data")).isFalse();
            assertThat(user.path("errors").get(0).path("resource_type").asString())
                    .isEqualTo("user");
            assertThat(byName.path("errors").get(0).path("value").asString()).isEqualTo("nobody_here");
            assertThat(posts.path("data").values())
                    .extracting(p -> p.path("id").asString())
                    .containsExactly(known);
            assertThat(posts.path("errors").get(0).path("resource_id").asString())
                    .isEqualTo("9");
            assertThat(found.path("data").path("username").asString()).isEqualTo("lookup");
        }

        @Test
        void searches_by_mention_author_recipient_conversation_and_or() throws Exception {
            OAuth1Signer signer = new OAuth1Signer(network.credentialsFor(persona("port-hal")));
            SandboxPost question = network.postAsHuman("srch_ann", "@port_hal do otters hold hands?", null);
            SandboxPost answer =
                    network.postAsHuman("srch_ben", "@srch_ann they do, asleep", Long.parseLong(question.id()));
            SandboxPost other = network.postAsHuman("srch_cid", "unrelated kelp facts", null);

            assertThat(search("@port_hal", signer)).containsExactly(question.id());
            assertThat(search("from:srch_ben", signer)).containsExactly(answer.id());
            assertThat(search("to:srch_ann", signer)).containsExactly(answer.id());
            assertThat(search("conversation_id:" + question.id(), signer)).containsExactly(answer.id(), question.id());
            assertThat(search("from:srch_cid OR @port_hal", signer)).containsExactly(other.id(), question.id());
            assertThat(search("(from:srch_ann OR from:srch_ben) -is:reply", signer))
                    .containsExactly(question.id());
            assertThat(signed("GET", api("/2/tweets/search/recent?query=colour:blue"), signer, null)
                            .statusCode())
                    .isEqualTo(400);
        }

        private List<String> search(String query, OAuth1Signer signer) throws Exception {
            JsonNode page = ok(signed(
                    "GET",
                    api("/2/tweets/search/recent?query="
                            + URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20")),
                    signer,
                    null));
            return page.path("data").values().stream()
                    .map(n -> n.path("id").asString())
                    .toList();
        }

        @Test
        void honours_start_and_end_time_and_exclude() throws Exception {
            SandboxUser ivy = network.personaUser("port-ivy", "Ivy");
            OAuth1Signer signer = new OAuth1Signer(network.credentialsFor(persona("port-ivy")));
            SandboxPost root = network.post(ivy, "a thought about tides", null, null);
            SandboxPost reply = network.post(ivy, "and another one", Long.parseLong(root.id()), null);
            String after = root.createdAt().plusSeconds(3600).toString();

            JsonNode future =
                    ok(signed("GET", api("/2/users/" + ivy.id() + "/tweets?start_time=" + after), signer, null));
            JsonNode past = ok(signed("GET", api("/2/users/" + ivy.id() + "/tweets?end_time=" + after), signer, null));
            JsonNode noReplies =
                    ok(signed("GET", api("/2/users/" + ivy.id() + "/tweets?exclude=replies"), signer, null));

            assertThat(future.path("meta").path("result_count").asInt()).isZero();
            assertThat(past.path("data").values())
                    .extracting(n -> n.path("id").asString())
                    .containsExactly(reply.id(), root.id());
            assertThat(noReplies.path("data").values())
                    .extracting(n -> n.path("id").asString())
                    .containsExactly(root.id());
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
