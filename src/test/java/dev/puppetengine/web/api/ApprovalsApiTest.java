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
import dev.puppetengine.social.Post;
import dev.puppetengine.social.jdbc.JdbcOutbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * The approval queue (issue 12) — {@code GET /api/approvals}, {@code POST /api/approvals/{id}/approve} and
 * {@code …/reject} — on the real engine (the sample cast in a scratch config dir with juniper's {@code approval} set,
 * the offline composer, H2, a fake network), with every error each answers.
 */
class ApprovalsApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PersonaId JUNIPER = PersonaId.of("juniper");
    private static final PersonaId MARLOW = PersonaId.of("marlow");
    private static final Account READER = new Account("900", "reader", "A Reader");

    private final Path configDir = copyOfSampleCast("all");
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private final EngineFixture fixture = new EngineFixture(clock, TestDatabase.inMemory(), configDir);
    private final EngineFixture.Wiring wiring = fixture.wire();
    private final List<Object> published = new ArrayList<>();
    private final PersonaActivation activation = new PersonaActivation(fixture.states(), published::add);
    private final MockMvc mvc = ApiMvc.standalone(
                    ApiMvc.agentController(fixture, wiring, activation, published),
                    new ApprovalsController(fixture.catalog, wiring.approvals()),
                    new PostsController(fixture.catalog, new JdbcOutbox(JdbcClient.create(fixture.database), clock)),
                    new DecisionController(fixture.catalog, new JdbcDecisionLog(JdbcClient.create(fixture.database))))
            .build();

    /** The sample cast with juniper's file saying {@code "approval": mode}. */
    private static Path copyOfSampleCast(String juniperApproval) {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "approvals-api-");
            try (Stream<Path> files = Files.list(EngineFixture.SAMPLE_CAST)) {
                for (Path file : files.toList()) {
                    Files.copy(file, dir.resolve(file.getFileName()));
                }
            }
            ObjectNode juniper = (ObjectNode) JSON.readTree(Files.readString(dir.resolve("juniper.json")));
            juniper.put("approval", juniperApproval);
            Files.writeString(dir.resolve("juniper.json"), JSON.writeValueAsString(juniper));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn();
    }

    private MvcResult postJson(String path, String body) throws Exception {
        return perform(MockMvcRequestBuilders.post(path)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    private MvcResult get(String path) throws Exception {
        return perform(MockMvcRequestBuilders.get(path));
    }

    private static JsonNode json(MvcResult result) throws Exception {
        return JSON.readTree(result.getResponse().getContentAsString());
    }

    private static int status(MvcResult result) {
        return result.getResponse().getStatus();
    }

    /** Juniper drafts a post now; with {@code approval: all} it waits. Returns the outbox item. */
    private JsonNode draftWaitingPost() throws Exception {
        MvcResult posted = postJson("/api/agents/juniper/post", "{\"force\": true}");
        assertThat(status(posted)).as(posted.getResponse().getContentAsString()).isEqualTo(202);
        JsonNode item = json(posted);
        assertThat(item.get("status").asString()).isEqualTo("awaiting_approval");
        return item;
    }

    private List<String> outcomes(PersonaId persona) throws Exception {
        List<String> outcomes = new ArrayList<>();
        json(get("/api/decisions?agentId=" + persona.value()))
                .forEach(decision -> outcomes.add(decision.get("outcome").asString()));
        return outcomes;
    }

    @Nested
    class Queue {

        @Test
        void a_gated_post_waits_unsent_and_is_listed_with_its_expiry() throws Exception {
            wiring.engine().ensureStates();

            JsonNode item = draftWaitingPost();

            assertThat(fixture.postsOf(JUNIPER)).isEmpty();
            JsonNode waiting = json(get("/api/approvals"));
            assertThat(waiting).hasSize(1);
            JsonNode approval = waiting.get(0);
            assertThat(approval.get("id").asLong()).isEqualTo(item.get("id").asLong());
            assertThat(approval.get("agentId").asString()).isEqualTo("juniper");
            assertThat(approval.get("kind").asString()).isEqualTo("post");
            assertThat(approval.get("text").asString())
                    .isEqualTo(item.get("text").asString());
            assertThat(approval.get("inReplyTo").isNull()).isTrue();
            assertThat(approval.get("quoted").isNull()).isTrue();
            Instant createdAt = Instant.parse(approval.get("createdAt").asString());
            assertThat(Instant.parse(approval.get("expiresAt").asString()))
                    .isEqualTo(createdAt.plus(Duration.ofHours(24)));
            assertThat(outcomes(JUNIPER)).containsExactly("awaiting_approval");
        }

        @Test
        void a_waiting_post_counts_for_too_soon() throws Exception {
            wiring.engine().ensureStates();
            draftWaitingPost();
            clock.advance(Duration.ofMinutes(30));

            MvcResult tooSoon = postJson("/api/agents/juniper/post", "{}");

            assertThat(status(tooSoon)).isEqualTo(429);
        }

        @Test
        void approving_sends_it_once_through_the_outbox() throws Exception {
            wiring.engine().ensureStates();
            JsonNode item = draftWaitingPost();
            long id = item.get("id").asLong();

            MvcResult approved = postJson("/api/approvals/" + id + "/approve", "{}");

            assertThat(status(approved))
                    .as(approved.getResponse().getContentAsString())
                    .isEqualTo(200);
            assertThat(json(approved).get("status").asString()).isEqualTo("posted");
            assertThat(fixture.postsOf(JUNIPER))
                    .extracting(Post::text)
                    .containsExactly(item.get("text").asString());
            assertThat(json(get("/api/approvals"))).isEmpty();

            MvcResult again = postJson("/api/approvals/" + id + "/approve", "{}");

            assertThat(status(again)).isEqualTo(409);
            assertThat(json(again).get("title").asString()).isEqualTo("Not awaiting approval");
            assertThat(json(again).get("status").asString()).isEqualTo("posted");
            assertThat(fixture.postsOf(JUNIPER)).hasSize(1);
            assertThat(outcomes(JUNIPER)).containsExactly("posted", "approved", "awaiting_approval");
        }

        @Test
        void an_edited_text_is_what_goes_out() throws Exception {
            wiring.engine().ensureStates();
            long id = draftWaitingPost().get("id").asLong();

            MvcResult approved =
                    postJson("/api/approvals/" + id + "/approve", "{\"text\": \"the moths came back tonight\"}");

            assertThat(status(approved))
                    .as(approved.getResponse().getContentAsString())
                    .isEqualTo(200);
            assertThat(json(approved).get("text").asString()).isEqualTo("the moths came back tonight");
            assertThat(fixture.postsOf(JUNIPER)).extracting(Post::text).containsExactly("the moths came back tonight");
            assertThat(outcomes(JUNIPER)).contains("edited").doesNotContain("approved");
        }

        @Test
        void an_edited_text_the_output_policy_refuses_is_a_422_and_the_item_still_waits() throws Exception {
            wiring.engine().ensureStates();
            long id = draftWaitingPost().get("id").asLong();

            MvcResult refused = postJson(
                    "/api/approvals/" + id + "/approve",
                    "{\"text\": \"As an AI language model I cannot have opinions on moths.\"}");

            assertThat(status(refused)).isEqualTo(422);
            assertThat(refused.getResponse().getContentType()).startsWith("application/problem+json");
            JsonNode problem = json(refused);
            assertThat(problem.get("title").asString()).isEqualTo("Text refused");
            assertThat(problem.get("reason").asString()).containsIgnoringCase("as an ai");
            assertThat(fixture.postsOf(JUNIPER)).isEmpty();
            assertThat(json(get("/api/approvals")).get(0).get("id").asLong()).isEqualTo(id);
        }

        @Test
        void a_rejected_post_is_never_sent() throws Exception {
            wiring.engine().ensureStates();
            long id = draftWaitingPost().get("id").asLong();

            MvcResult rejected = postJson("/api/approvals/" + id + "/reject", "{\"reason\": \"off topic\"}");

            assertThat(status(rejected))
                    .as(rejected.getResponse().getContentAsString())
                    .isEqualTo(200);
            assertThat(json(rejected).get("status").asString()).isEqualTo("rejected");
            assertThat(json(get("/api/approvals"))).isEmpty();
            MvcResult late = postJson("/api/approvals/" + id + "/approve", "{}");
            assertThat(status(late)).isEqualTo(409);
            assertThat(json(late).get("status").asString()).isEqualTo("rejected");
            assertThat(status(postJson("/api/approvals/" + id + "/reject", "{}")))
                    .isEqualTo(409);
            JsonNode decision = json(get("/api/decisions?agentId=juniper")).get(0);
            assertThat(decision.get("outcome").asString()).isEqualTo("rejected");
            assertThat(decision.get("reason").asString()).isEqualTo("rejected by the operator: off topic");
            // the post-due step delivers waiting originals first: a rejected one is not among them
            wiring.engine().postDue(JUNIPER, clock.instant());
            assertThat(fixture.postsOf(JUNIPER)).isEmpty();
        }

        @Test
        void an_undecided_post_expires_with_a_decision() throws Exception {
            wiring.engine().ensureStates();
            long id = draftWaitingPost().get("id").asLong();
            clock.advance(Duration.ofHours(24).plusMinutes(1));

            assertThat(wiring.approvals().expireDue()).isEqualTo(1);

            assertThat(json(get("/api/approvals"))).isEmpty();
            MvcResult late = postJson("/api/approvals/" + id + "/approve", "{}");
            assertThat(status(late)).isEqualTo(409);
            assertThat(json(late).get("status").asString()).isEqualTo("expired");
            assertThat(fixture.postsOf(JUNIPER)).isEmpty();
            JsonNode decision = json(get("/api/decisions?agentId=juniper")).get(0);
            assertThat(decision.get("outcome").asString()).isEqualTo("expired");
            assertThat(decision.get("reason").asString()).contains("puppet.approvals.expire-after");
        }

        @Test
        void approving_after_the_expiry_is_a_409_even_before_the_sweep() throws Exception {
            wiring.engine().ensureStates();
            long id = draftWaitingPost().get("id").asLong();
            clock.advance(Duration.ofHours(25));

            MvcResult late = postJson("/api/approvals/" + id + "/approve", "{}");

            assertThat(status(late)).isEqualTo(409);
            assertThat(json(late).get("status").asString()).isEqualTo("expired");
            assertThat(outcomes(JUNIPER)).containsExactly("expired", "awaiting_approval");
        }

        @Test
        void with_approval_replies_a_mention_reply_waits_and_originals_go_out() throws Exception {
            wiring.engine().ensureStates();
            wiring.approvals().setMode(JUNIPER, PersonaSpec.Approval.REPLIES);
            clock.advance(Duration.ofMinutes(1));
            Post mention = fixture.network.publish(READER, "@juniper what do moths eat?", null);

            wiring.engine().answerMentions(JUNIPER);

            JsonNode waiting = json(get("/api/approvals?agentId=juniper"));
            assertThat(waiting).hasSize(1);
            assertThat(waiting.get(0).get("kind").asString()).isEqualTo("reply");
            assertThat(waiting.get(0).get("inReplyTo").asString()).isEqualTo(mention.id());
            assertThat(fixture.postsOf(JUNIPER)).isEmpty();
            MvcResult posted = postJson("/api/agents/juniper/post", "{}");
            assertThat(json(posted).get("status").asString()).isEqualTo("posted");
        }

        @Test
        void the_list_filters_by_agent_and_pages_with_before() throws Exception {
            wiring.engine().ensureStates();
            wiring.approvals().setMode(MARLOW, PersonaSpec.Approval.ALL);
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(draftWaitingPost().get("id").asLong());
                clock.advance(Duration.ofMinutes(1));
            }
            assertThat(status(postJson("/api/agents/marlow/post", "{\"force\": true}")))
                    .isEqualTo(202);

            assertThat(json(get("/api/approvals")).findValuesAsString("agentId"))
                    .containsExactly("marlow", "juniper", "juniper", "juniper");
            List<Long> walked = new ArrayList<>();
            String page = "/api/approvals?agentId=juniper&limit=2";
            for (int pages = 0; pages < 5; pages++) {
                JsonNode items = json(get(page));
                if (items.isEmpty()) {
                    break;
                }
                items.forEach(item -> walked.add(item.get("id").asLong()));
                page = "/api/approvals?agentId=juniper&limit=2&before=" + walked.getLast();
            }
            assertThat(walked).isEqualTo(ids.reversed());
        }
    }

    @Nested
    class Errors {

        @Test
        void an_unknown_id_is_a_404_problem() throws Exception {
            MvcResult approve = postJson("/api/approvals/4711/approve", "{}");
            MvcResult reject = postJson("/api/approvals/4711/reject", "{}");

            assertThat(status(approve)).isEqualTo(404);
            assertThat(json(approve).get("title").asString()).isEqualTo("Unknown approval");
            assertThat(json(approve).get("approvalId").asLong()).isEqualTo(4711);
            assertThat(status(reject)).isEqualTo(404);
        }

        @Test
        void an_item_that_never_waited_is_a_409_problem() throws Exception {
            wiring.engine().ensureStates();
            long posted =
                    json(postJson("/api/agents/marlow/post", "{}")).get("id").asLong();

            MvcResult conflict = postJson("/api/approvals/" + posted + "/approve", "{}");

            assertThat(status(conflict)).isEqualTo(409);
            assertThat(json(conflict).get("status").asString()).isEqualTo("posted");
        }

        @Test
        void bad_input_is_a_400_problem_naming_the_field() throws Exception {
            wiring.engine().ensureStates();
            long id = draftWaitingPost().get("id").asLong();
            assertBadField(postJson("/api/approvals/" + id + "/approve", "{\"text\": \"  \"}"), "/text");
            assertBadField(postJson("/api/approvals/" + id + "/approve", "{\"text\": 5}"), "/text");
            assertBadField(postJson("/api/approvals/" + id + "/approve", "{\"reason\": \"no\"}"), "/reason");
            assertBadField(
                    postJson("/api/approvals/" + id + "/approve", "{\"text\": \"" + "m".repeat(2001) + "\"}"), "/text");
            assertBadField(postJson("/api/approvals/" + id + "/reject", "{\"text\": \"x\"}"), "/text");
            assertBadField(
                    postJson("/api/approvals/" + id + "/reject", "{\"reason\": \"" + "r".repeat(501) + "\"}"),
                    "/reason");
            assertBadField(perform(MockMvcRequestBuilders.post("/api/approvals/" + id + "/approve")), "body");
            assertBadField(postJson("/api/approvals/abc/approve", "{}"), "id");
            assertBadField(get("/api/approvals?limit=0"), "limit");
            assertBadField(get("/api/approvals?limit=501"), "limit");
            assertBadField(get("/api/approvals?before=0"), "before");
            assertBadField(get("/api/approvals?before=x"), "before");
            assertBadField(get("/api/approvals?agentId=Not%20An%20Id"), "agentId");
            assertThat(status(get("/api/approvals?agentId=nobody"))).isEqualTo(404);
            assertThat(json(get("/api/approvals"))).hasSize(1);
            assertThat(fixture.postsOf(JUNIPER)).isEmpty();
        }
    }

    private static void assertBadField(MvcResult result, String field) throws Exception {
        assertThat(status(result)).as(result.getResponse().getContentAsString()).isEqualTo(400);
        assertThat(json(result).get("field").asString()).isEqualTo(field);
    }
}
