package dev.puppetengine.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.agent.EngineFixture;
import dev.puppetengine.agent.PersonaActivation;
import dev.puppetengine.agent.PersonaActivationChanged;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
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
 * {@code POST /api/agents}, {@code POST /api/agents/{id}/post} and {@code GET /api/posts} paging (DESIGN §8) on the
 * real engine (the sample cast copied to a scratch config dir, the offline composer, H2, a fake network), with every
 * error each answers.
 */
class AgentsApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PersonaId JUNIPER = PersonaId.of("juniper");
    private static final PersonaId WREN = PersonaId.of("wren");

    private final Path configDir = copyOfSampleCast();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private final EngineFixture fixture = new EngineFixture(clock, TestDatabase.inMemory(), configDir);
    private final EngineFixture.Wiring wiring = fixture.wire();
    private final List<Object> published = new ArrayList<>();
    private final PersonaActivation activation = new PersonaActivation(fixture.states(), published::add);
    private final MockMvc mvc = ApiMvc.standalone(
                    ApiMvc.agentController(fixture, wiring, activation, published),
                    new PostsController(fixture.catalog, new JdbcOutbox(JdbcClient.create(fixture.database), clock)))
            .build();

    private static Path copyOfSampleCast() {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "agents-api-");
            try (Stream<Path> files = Files.list(EngineFixture.SAMPLE_CAST)) {
                for (Path file : files.toList()) {
                    Files.copy(file, dir.resolve(file.getFileName()));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Juniper's file with another id and name: a valid new persona. */
    private static String wrenDocument() throws IOException {
        ObjectNode juniper =
                (ObjectNode) JSON.readTree(Files.readString(EngineFixture.SAMPLE_CAST.resolve("juniper.json")));
        juniper.put("id", "wren");
        juniper.put("name", "Wren Okafor");
        return JSON.writeValueAsString(juniper);
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

    @Nested
    class Create {

        @Test
        void a_new_persona_is_written_started_and_answered_201_with_its_location() throws Exception {
            wiring.engine().ensureStates();

            MvcResult created = postJson("/api/agents", wrenDocument());

            assertThat(status(created))
                    .as(created.getResponse().getContentAsString())
                    .isEqualTo(201);
            assertThat(created.getResponse().getHeader("Location")).isEqualTo("/api/agents/wren");
            JsonNode agent = json(created);
            assertThat(agent.get("id").asString()).isEqualTo("wren");
            assertThat(agent.get("name").asString()).isEqualTo("Wren Okafor");
            assertThat(agent.get("active").asBoolean()).isTrue();
            assertThat(agent.get("state").get("seededAt").isNull()).isFalse();
            assertThat(agent.get("state").get("memories").asLong()).isPositive();
            assertThat(agent.get("config").get("id").asString()).isEqualTo("wren");
            assertThat(Files.readString(configDir.resolve("wren.json"))).contains("\"Wren Okafor\"");
            assertThat(published).containsExactly(new PersonaActivationChanged(WREN, true));
            assertThat(json(get("/api/agents")).findValuesAsString("id")).contains("wren");
            assertThat(status(get("/api/agents/wren"))).isEqualTo(200);
        }

        @Test
        void the_created_persona_posts_on_its_schedule_without_a_restart() throws Exception {
            wiring.engine().ensureStates();
            assertThat(status(postJson("/api/agents", wrenDocument()))).isEqualTo(201);

            // What PersonaSchedules does on the published activation: the first post a few minutes out.
            assertThat(wiring.engine().listActivePersonas()).contains(WREN);
            Instant slot = wiring.engine().scheduleFirstPost(WREN);
            clock.set(slot);
            wiring.engine().postDue(WREN, slot);

            assertThat(fixture.postsOf(WREN)).hasSize(1);
        }

        @Test
        void a_paused_persona_file_is_created_paused_and_not_scheduled() throws Exception {
            ObjectNode paused = (ObjectNode) JSON.readTree(wrenDocument());
            paused.put("is_active", false);

            MvcResult created = postJson("/api/agents", JSON.writeValueAsString(paused));

            assertThat(status(created)).isEqualTo(201);
            assertThat(json(created).get("active").asBoolean()).isFalse();
            assertThat(published).isEmpty();
        }

        @Test
        void an_existing_id_is_a_409_problem_and_its_file_is_left_alone() throws Exception {
            String before = Files.readString(configDir.resolve("juniper.json"));
            ObjectNode other = (ObjectNode) JSON.readTree(wrenDocument());
            other.put("id", "juniper");

            MvcResult conflict = postJson("/api/agents", JSON.writeValueAsString(other));

            assertThat(status(conflict)).isEqualTo(409);
            assertThat(conflict.getResponse().getContentType()).startsWith("application/problem+json");
            JsonNode problem = json(conflict);
            assertThat(problem.get("title").asString()).isEqualTo("Agent exists");
            assertThat(problem.get("id").asString()).isEqualTo("juniper");
            assertThat(Files.readString(configDir.resolve("juniper.json"))).isEqualTo(before);
            assertThat(published).isEmpty();
        }

        @Test
        void an_invalid_persona_is_a_400_problem_naming_each_field_by_its_pointer() throws Exception {
            ObjectNode bad = (ObjectNode) JSON.readTree(wrenDocument());
            ((ObjectNode) bad.get("behavior").get("post_frequency")).put("min_hours_between_posts", -1);
            ((ObjectNode) bad.get("behavior").get("interaction_patterns")).put("reply_probability", 2);

            MvcResult invalid = postJson("/api/agents", JSON.writeValueAsString(bad));

            assertThat(status(invalid))
                    .as(invalid.getResponse().getContentAsString())
                    .isEqualTo(400);
            assertThat(invalid.getResponse().getContentType()).startsWith("application/problem+json");
            JsonNode problem = json(invalid);
            assertThat(problem.get("errors").findValuesAsString("field"))
                    .contains(
                            "/behavior/post_frequency/min_hours_between_posts",
                            "/behavior/interaction_patterns/reply_probability");
            assertThat(problem.get("detail").asString())
                    .contains(
                            "/behavior/post_frequency/min_hours_between_posts: must be a number from 0 to 720, got -1");
            assertThat(problem.get("field").asString()).startsWith("/");
            assertThat(configDir.resolve("wren.json")).doesNotExist();
        }

        @Test
        void a_body_that_is_not_json_is_a_400_problem_and_writes_nothing() throws Exception {
            MvcResult invalid = postJson("/api/agents", "{\"id\": \"wren\", ");

            assertThat(status(invalid)).isEqualTo(400);
            assertThat(json(invalid).get("field").asString()).isNotBlank();
            assertThat(configDir.resolve("wren.json")).doesNotExist();
        }

        @Test
        void a_body_that_is_not_json_typed_is_415() throws Exception {
            MvcResult text = perform(MockMvcRequestBuilders.post("/api/agents")
                    .contentType(MediaType.TEXT_PLAIN)
                    .content("id: wren"));

            assertThat(status(text)).isEqualTo(415);
        }
    }

    @Nested
    class Post_now {

        @Test
        void a_post_is_written_sent_and_answered_202_with_its_outbox_item() throws Exception {
            wiring.engine().ensureStates();

            MvcResult posted = postJson("/api/agents/juniper/post", "{\"topic\": \"moths at the window\"}");

            assertThat(status(posted))
                    .as(posted.getResponse().getContentAsString())
                    .isEqualTo(202);
            JsonNode item = json(posted);
            assertThat(item.get("agentId").asString()).isEqualTo("juniper");
            assertThat(item.get("status").asString()).isEqualTo("posted");
            assertThat(item.get("text").asString()).isNotBlank();
            assertThat(fixture.postsOf(JUNIPER))
                    .extracting(Post::text)
                    .containsExactly(item.get("text").asString());
            assertThat(json(get("/api/posts?agentId=juniper")).get(0).get("id").asLong())
                    .isEqualTo(item.get("id").asLong());
        }

        @Test
        void each_agent_shows_the_node_its_last_step_ran_on_null_before_any() throws Exception {
            wiring.engine().ensureStates();
            assertThat(json(get("/api/agents/juniper")).get("node").isNull()).isTrue();

            assertThat(status(postJson("/api/agents/juniper/post", "{}"))).isEqualTo(202);

            assertThat(json(get("/api/agents/juniper")).get("node").asString()).isEqualTo(EngineFixture.NODE);
            JsonNode agents = json(get("/api/agents"));
            for (JsonNode agent : agents) {
                if (agent.get("id").asString().equals("juniper")) {
                    assertThat(agent.get("node").asString()).isEqualTo(EngineFixture.NODE);
                } else {
                    assertThat(agent.get("node").isNull()).as(agent.toString()).isTrue();
                }
            }
            JsonNode page = json(get("/api/agents?limit=2"));
            assertThat(page.get(0).get("node").asString())
                    .as("a page reads its agents' nodes")
                    .isEqualTo(EngineFixture.NODE);
            assertThat(page.get(1).get("node").isNull()).as(page.toString()).isTrue();
        }

        @Test
        void an_empty_object_posts_what_the_persona_would_post_next() throws Exception {
            wiring.engine().ensureStates();
            assertBadField(perform(MockMvcRequestBuilders.post("/api/agents/juniper/post")), "body");

            MvcResult posted = postJson("/api/agents/juniper/post", "{}");

            assertThat(status(posted))
                    .as(posted.getResponse().getContentAsString())
                    .isEqualTo(202);
            assertThat(fixture.postsOf(JUNIPER)).hasSize(1);
        }

        @Test
        void too_soon_is_a_429_problem_with_retry_after_unless_forced() throws Exception {
            wiring.engine().ensureStates();
            assertThat(status(postJson("/api/agents/juniper/post", "{}"))).isEqualTo(202);
            clock.advance(Duration.ofMinutes(30));

            MvcResult tooSoon = postJson("/api/agents/juniper/post", "{\"topic\": \"compost\"}");

            assertThat(status(tooSoon)).isEqualTo(429);
            assertThat(tooSoon.getResponse().getContentType()).startsWith("application/problem+json");
            JsonNode problem = json(tooSoon);
            Instant mayPostAt = Instant.parse(problem.get("mayPostAt").asString());
            // Juniper's min_hours_between_posts is 4.
            assertThat(mayPostAt)
                    .isAfter(clock.instant())
                    .isBeforeOrEqualTo(clock.instant().plus(Duration.ofHours(4)));
            long retryAfter = Long.parseLong(tooSoon.getResponse().getHeader("Retry-After"));
            assertThat(retryAfter)
                    .isEqualTo((Duration.between(clock.instant(), mayPostAt).toMillis() + 999) / 1000);
            assertThat(problem.get("detail").asString()).contains(mayPostAt.toString());
            assertThat(fixture.postsOf(JUNIPER)).hasSize(1);

            MvcResult forced = postJson("/api/agents/juniper/post", "{\"topic\": \"compost\", \"force\": true}");

            assertThat(status(forced))
                    .as(forced.getResponse().getContentAsString())
                    .isEqualTo(202);
            assertThat(fixture.postsOf(JUNIPER)).hasSize(2);
        }

        @Test
        void a_paused_persona_is_a_409_problem() throws Exception {
            wiring.engine().ensureStates();
            activation.setActive(JUNIPER, false);

            MvcResult paused = postJson("/api/agents/juniper/post", "{\"force\": true}");

            assertThat(status(paused)).isEqualTo(409);
            assertThat(json(paused).get("title").asString()).isEqualTo("Agent paused");
            assertThat(fixture.postsOf(JUNIPER)).isEmpty();
        }

        @Test
        void an_unknown_persona_is_a_404_problem() throws Exception {
            MvcResult unknown = postJson("/api/agents/nobody/post", "{}");

            assertThat(status(unknown)).isEqualTo(404);
            assertThat(json(unknown).get("id").asString()).isEqualTo("nobody");
        }

        @Test
        void a_bad_body_is_a_400_problem_naming_the_field() throws Exception {
            wiring.engine().ensureStates();
            assertBadField(postJson("/api/agents/juniper/post", "{\"force\": \"yes\"}"), "/force");
            assertBadField(postJson("/api/agents/juniper/post", "{\"topic\": 7}"), "/topic");
            assertBadField(postJson("/api/agents/juniper/post", "{\"topic\": \"   \"}"), "/topic");
            assertBadField(postJson("/api/agents/juniper/post", "{\"topic\": \"" + "m".repeat(201) + "\"}"), "/topic");
            assertBadField(postJson("/api/agents/juniper/post", "{\"topic\": \"a\\u0000b\"}"), "/topic");
            assertBadField(postJson("/api/agents/juniper/post", "[1]"), "body");
            assertThat(fixture.postsOf(JUNIPER)).isEmpty();
        }
    }

    @Nested
    class Patch {

        private MvcResult patch(String path, String body) throws Exception {
            return perform(MockMvcRequestBuilders.patch(path)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(body));
        }

        @Test
        void paused_pauses_and_resumes_and_active_still_works() throws Exception {
            wiring.engine().ensureStates();

            MvcResult paused = patch("/api/agents/juniper", "{\"paused\": true}");

            assertThat(status(paused))
                    .as(paused.getResponse().getContentAsString())
                    .isEqualTo(200);
            assertThat(json(paused).get("active").asBoolean()).isFalse();
            assertThat(published).containsExactly(new PersonaActivationChanged(JUNIPER, false));
            assertThat(status(postJson("/api/agents/juniper/post", "{\"force\": true}")))
                    .isEqualTo(409);

            assertThat(json(patch("/api/agents/juniper", "{\"paused\": false}"))
                            .get("active")
                            .asBoolean())
                    .isTrue();
            assertThat(json(patch("/api/agents/juniper", "{\"active\": false}"))
                            .get("active")
                            .asBoolean())
                    .isFalse();
            assertThat(json(patch("/api/agents/juniper", "{\"active\": true, \"paused\": false}"))
                            .get("active")
                            .asBoolean())
                    .isTrue();
            assertThat(published)
                    .containsExactly(
                            new PersonaActivationChanged(JUNIPER, false),
                            new PersonaActivationChanged(JUNIPER, true),
                            new PersonaActivationChanged(JUNIPER, false),
                            new PersonaActivationChanged(JUNIPER, true));
        }

        @Test
        void approval_changes_at_run_time_and_survives_a_restart() throws Exception {
            wiring.engine().ensureStates();
            assertThat(json(get("/api/agents")).get(0).get("approval").asString())
                    .isEqualTo("off");

            MvcResult gated = patch("/api/agents/juniper", "{\"approval\": \"all\"}");

            assertThat(status(gated))
                    .as(gated.getResponse().getContentAsString())
                    .isEqualTo(200);
            assertThat(json(gated).get("approval").asString()).isEqualTo("all");
            assertThat(json(gated).get("active").asBoolean()).isTrue();
            JsonNode page = json(get("/api/agents?limit=2"));
            assertThat(page.get(0).get("approval").asString())
                    .as("a page reads its agents' modes")
                    .isEqualTo("all");
            assertThat(page.get(1).get("approval").asString()).isEqualTo("off");
            assertThat(json(get("/api/agents")).get(0).get("approval").asString())
                    .isEqualTo("all");
            assertThat(published).isEmpty();
            JsonNode waiting = json(postJson("/api/agents/juniper/post", "{}"));
            assertThat(waiting.get("status").asString()).isEqualTo("awaiting_approval");
            assertThat(fixture.postsOf(JUNIPER)).isEmpty();

            EngineFixture.Wiring restarted = fixture.wire();

            assertThat(restarted.approvals().modeOf(JUNIPER)).isEqualTo(PersonaSpec.Approval.ALL);
            assertThat(restarted.approvals().modeOf(PersonaId.of("marlow"))).isEqualTo(PersonaSpec.Approval.OFF);
            assertThat(json(patch("/api/agents/juniper", "{\"approval\": \"off\"}"))
                            .get("approval")
                            .asString())
                    .isEqualTo("off");
            clock.advance(Duration.ofHours(5));
            assertThat(json(postJson("/api/agents/juniper/post", "{}"))
                            .get("status")
                            .asString())
                    .isEqualTo("posted");
        }

        @Test
        void a_bad_or_empty_body_is_a_400_problem_naming_the_field() throws Exception {
            wiring.engine().ensureStates();
            assertBadField(patch("/api/agents/juniper", "{}"), "body");
            assertBadField(patch("/api/agents/juniper", "{\"active\": null}"), "body");
            assertBadField(perform(MockMvcRequestBuilders.patch("/api/agents/juniper")), "body");
            assertBadField(patch("/api/agents/juniper", "{\"approval\": \"sometimes\"}"), "/approval");
            assertBadField(patch("/api/agents/juniper", "{\"approval\": \"ALL\"}"), "/approval");
            assertBadField(patch("/api/agents/juniper", "{\"approval\": 1}"), "/approval");
            assertBadField(patch("/api/agents/juniper", "{\"paused\": \"yes\"}"), "/paused");
            assertBadField(patch("/api/agents/juniper", "{\"active\": true, \"paused\": true}"), "/paused");
            assertBadField(patch("/api/agents/juniper", "{\"paused\": true, \"approval\": \"x\"}"), "/approval");
            assertThat(json(get("/api/agents/juniper")).get("active").asBoolean())
                    .isTrue();
            assertThat(published).isEmpty();
        }

        @Test
        void an_unknown_persona_is_a_404_problem() throws Exception {
            MvcResult unknown = patch("/api/agents/nobody", "{\"paused\": true}");

            assertThat(status(unknown)).isEqualTo(404);
            assertThat(json(unknown).get("id").asString()).isEqualTo("nobody");
        }
    }

    @Nested
    class Agents_paging {

        private List<String> ids(String path) throws Exception {
            MvcResult result = get(path);
            assertThat(status(result))
                    .as(result.getResponse().getContentAsString())
                    .isEqualTo(200);
            return json(result).findValuesAsString("id");
        }

        @Test
        void limit_and_after_walk_the_agents_in_id_order() throws Exception {
            assertThat(ids("/api/agents")).containsExactly("juniper", "marlow", "tess");
            assertThat(ids("/api/agents?limit=2")).containsExactly("juniper", "marlow");
            assertThat(ids("/api/agents?limit=2&after=marlow")).containsExactly("tess");
            assertThat(ids("/api/agents?after=juniper")).containsExactly("marlow", "tess");
            assertThat(ids("/api/agents?limit=5&after=k"))
                    .as("a cursor need not be an agent")
                    .containsExactly("marlow", "tess");
            assertThat(ids("/api/agents?limit=1&after=tess")).isEmpty();
            assertThat(json(get("/api/agents?limit=1")).get(0).get("mood"))
                    .as("a page's agents are whole")
                    .isNotNull();
        }

        @Test
        void a_bad_limit_or_cursor_is_a_400_problem_naming_the_field() throws Exception {
            assertBadField(get("/api/agents?limit=0"), "limit");
            assertBadField(get("/api/agents?limit=1001"), "limit");
            assertBadField(get("/api/agents?limit=many"), "limit");
            assertBadField(get("/api/agents?after=Not%20An%20Id"), "after");
        }
    }

    @Nested
    class Posts_paging {

        @Test
        void before_walks_every_post_newest_first() throws Exception {
            wiring.engine().ensureStates();
            for (int i = 0; i < 5; i++) {
                assertThat(status(postJson("/api/agents/juniper/post", "{\"force\": true}")))
                        .isEqualTo(202);
                clock.advance(Duration.ofMinutes(1));
            }
            List<Long> all = new ArrayList<>();
            json(get("/api/posts?limit=500"))
                    .forEach(item -> all.add(item.get("id").asLong()));
            assertThat(all).hasSize(5).isSortedAccordingTo((a, b) -> Long.compare(b, a));

            List<Long> walked = new ArrayList<>();
            String page = "/api/posts?agentId=juniper&limit=2";
            for (int pages = 0; pages < 10; pages++) {
                JsonNode items = json(get(page));
                if (items.isEmpty()) {
                    break;
                }
                assertThat(items.size()).isLessThanOrEqualTo(2);
                items.forEach(item -> walked.add(item.get("id").asLong()));
                page = "/api/posts?agentId=juniper&limit=2&before=" + walked.getLast();
            }

            assertThat(walked).isEqualTo(all);
            assertThat(json(get("/api/posts?status=posted&before=" + all.get(1)))
                            .findValuesAsString("status"))
                    .hasSize(3)
                    .containsOnly("posted");
        }

        @Test
        void a_bad_cursor_or_filter_is_a_400_problem_naming_the_field() throws Exception {
            assertBadField(get("/api/posts?before=0"), "before");
            assertBadField(get("/api/posts?before=-3"), "before");
            assertBadField(get("/api/posts?before=newest"), "before");
            assertBadField(get("/api/posts?before=1.5"), "before");
            assertBadField(get("/api/posts?limit=0"), "limit");
            assertBadField(get("/api/posts?status=lost"), "status");
            assertBadField(get("/api/posts?agentId=Not%20An%20Id"), "agentId");
        }

        @Test
        void posts_of_an_unknown_persona_are_a_404_problem() throws Exception {
            MvcResult unknown = get("/api/posts?agentId=nobody");

            assertThat(status(unknown))
                    .as(unknown.getResponse().getContentAsString())
                    .isEqualTo(404);
            assertThat(json(unknown).get("title").asString()).isNotBlank();
        }
    }

    private static void assertBadField(MvcResult result, String field) throws Exception {
        assertThat(status(result)).as(result.getResponse().getContentAsString()).isEqualTo(400);
        assertThat(json(result).get("field").asString()).isEqualTo(field);
    }
}
