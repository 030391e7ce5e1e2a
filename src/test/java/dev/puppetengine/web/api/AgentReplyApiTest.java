package dev.puppetengine.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.agent.EngineFixture;
import dev.puppetengine.agent.PersonaActivation;
import dev.puppetengine.agent.jdbc.JdbcDecisionLog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.Account;
import dev.puppetengine.social.PlatformPolicy;
import dev.puppetengine.social.Post;
import dev.puppetengine.social.jdbc.JdbcOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/agents/{id}/reply} (DESIGN §8) on the real engine (the sample cast, the offline composer, H2, a
 * fake network) with the platform policy enforced as live (AI replies approved), with every error it answers.
 */
class AgentReplyApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PersonaId JUNIPER = PersonaId.of("juniper");
    private static final Account READER = new Account("900", "reader", "A Reader");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private final EngineFixture fixture = new EngineFixture(clock, TestDatabase.inMemory())
            .withPlatformPolicy(new PlatformPolicy.Settings(
                    true, true, false, false, List.of("stop"), Set.of(), Set.of(), 50, Map.of()));
    private final EngineFixture.Wiring wiring = fixture.wire();
    private final List<Object> published = new ArrayList<>();
    private final PersonaActivation activation = new PersonaActivation(fixture.states(), published::add);
    private final MockMvc mvc = ApiMvc.standalone(
                    ApiMvc.agentController(fixture, wiring, activation, published),
                    new PostsController(fixture.catalog, new JdbcOutbox(JdbcClient.create(fixture.database), clock)),
                    new DecisionController(fixture.catalog, new JdbcDecisionLog(JdbcClient.create(fixture.database))))
            .build();

    private MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn();
    }

    private MvcResult reply(String body) throws Exception {
        return perform(MockMvcRequestBuilders.post("/api/agents/juniper/reply")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    private static JsonNode json(MvcResult result) throws Exception {
        return JSON.readTree(result.getResponse().getContentAsString());
    }

    private static int status(MvcResult result) {
        return result.getResponse().getStatus();
    }

    private Post mention(String text) {
        clock.advance(Duration.ofMinutes(1));
        return fixture.network.publish(READER, text, null);
    }

    private List<Post> repliesTo(Post post) {
        return fixture.postsOf(JUNIPER).stream()
                .filter(p -> post.id().equals(p.inReplyToId()))
                .toList();
    }

    @Nested
    class Replies {

        @Test
        void a_drafted_reply_goes_out_through_the_outbox_once() throws Exception {
            wiring.engine().ensureStates();
            Post asked = mention("@juniper what do moths eat?");

            MvcResult replied = reply("{\"postId\": \"" + asked.id() + "\"}");

            assertThat(status(replied))
                    .as(replied.getResponse().getContentAsString())
                    .isEqualTo(202);
            JsonNode item = json(replied);
            assertThat(item.get("status").asString()).isEqualTo("posted");
            assertThat(item.get("inReplyTo").asString()).isEqualTo(asked.id());
            assertThat(repliesTo(asked))
                    .extracting(Post::text)
                    .containsExactly(item.get("text").asString());

            wiring.engine().answerMentions(JUNIPER);
            MvcResult again = reply("{\"postId\": \"" + asked.id() + "\", \"text\": \"and nectar\"}");

            assertThat(repliesTo(asked)).hasSize(1);
            assertThat(status(again)).isEqualTo(409);
            assertThat(json(again).get("title").asString()).isEqualTo("Already replied");
            assertThat(json(again).get("status").asString()).isEqualTo("posted");
        }

        @Test
        void a_given_text_is_checked_by_the_output_policy_and_sent() throws Exception {
            wiring.engine().ensureStates();
            Post asked = mention("@juniper are you awake?");
            Post other = mention("@juniper still there?");

            MvcResult refused = reply("{\"postId\": \"" + other.id() + "\", \"text\": \"As an AI I never sleep.\"}");
            MvcResult replied = reply("{\"postId\": \"" + asked.id() + "\", \"text\": \"always, at this hour\"}");

            assertThat(status(refused)).isEqualTo(422);
            assertThat(json(refused).get("title").asString()).isEqualTo("Text refused");
            assertThat(json(refused).get("reason").asString()).isNotBlank();
            assertThat(repliesTo(other)).isEmpty();
            assertThat(status(replied))
                    .as(replied.getResponse().getContentAsString())
                    .isEqualTo(202);
            assertThat(repliesTo(asked)).extracting(Post::text).containsExactly("always, at this hour");
        }

        @Test
        void the_approval_gate_applies() throws Exception {
            wiring.engine().ensureStates();
            wiring.approvals().setMode(JUNIPER, PersonaSpec.Approval.REPLIES);
            Post asked = mention("@juniper favourite moth?");

            MvcResult replied = reply("{\"postId\": \"" + asked.id() + "\", \"text\": \"the rosy maple\"}");

            assertThat(status(replied)).isEqualTo(202);
            assertThat(json(replied).get("status").asString()).isEqualTo("awaiting_approval");
            assertThat(repliesTo(asked)).isEmpty();
        }

        @Test
        void a_reply_the_platform_policy_refuses_is_a_422_with_its_reason_and_a_decision() throws Exception {
            wiring.engine().ensureStates();
            Post unrelated = mention("moths are lovely tonight");

            MvcResult refused = reply("{\"postId\": \"" + unrelated.id() + "\", \"text\": \"they are\"}");

            assertThat(status(refused)).isEqualTo(422);
            assertThat(refused.getResponse().getContentType()).startsWith("application/problem+json");
            JsonNode problem = json(refused);
            assertThat(problem.get("title").asString()).isEqualTo("Reply refused");
            assertThat(problem.get("reason").asString()).contains("replies only to posts that mention or quote it");
            assertThat(repliesTo(unrelated)).isEmpty();
            JsonNode decision = json(perform(MockMvcRequestBuilders.get("/api/decisions?agentId=juniper")))
                    .get(0);
            assertThat(decision.get("outcome").asString()).isEqualTo("refused");
            assertThat(decision.get("inputRef").asString()).isEqualTo(unrelated.id());
        }
    }

    @Nested
    class Errors {

        @Test
        void an_unknown_post_or_persona_is_a_404_problem() throws Exception {
            wiring.engine().ensureStates();

            MvcResult post = reply("{\"postId\": \"424242\"}");
            MvcResult persona = perform(MockMvcRequestBuilders.post("/api/agents/nobody/reply")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"postId\": \"1\"}"));

            assertThat(status(post)).isEqualTo(404);
            assertThat(json(post).get("title").asString()).isEqualTo("Unknown post");
            assertThat(status(persona)).isEqualTo(404);
        }

        @Test
        void a_paused_persona_is_a_409_problem() throws Exception {
            wiring.engine().ensureStates();
            activation.setActive(JUNIPER, false);
            Post asked = mention("@juniper hello?");

            MvcResult paused = reply("{\"postId\": \"" + asked.id() + "\"}");

            assertThat(status(paused)).isEqualTo(409);
            assertThat(json(paused).get("title").asString()).isEqualTo("Agent paused");
            assertThat(repliesTo(asked)).isEmpty();
        }

        @Test
        void a_bad_body_is_a_400_problem_naming_the_field() throws Exception {
            wiring.engine().ensureStates();
            assertBadField(reply("{}"), "/postId");
            assertBadField(reply("{\"postId\": 5}"), "/postId");
            assertBadField(reply("{\"postId\": \"abc\"}"), "/postId");
            assertBadField(reply("{\"postId\": \"1\", \"text\": \"   \"}"), "/text");
            assertBadField(reply("{\"postId\": \"1\", \"text\": \"" + "m".repeat(2001) + "\"}"), "/text");
            assertBadField(reply("[1]"), "body");
            assertBadField(perform(MockMvcRequestBuilders.post("/api/agents/juniper/reply")), "body");
            assertThat(fixture.postsOf(JUNIPER)).isEmpty();
        }
    }

    private static void assertBadField(MvcResult result, String field) throws Exception {
        assertThat(status(result)).as(result.getResponse().getContentAsString()).isEqualTo(400);
        assertThat(json(result).get("field").asString()).isEqualTo(field);
    }
}
