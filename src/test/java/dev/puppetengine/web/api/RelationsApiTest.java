package dev.puppetengine.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.agent.EngineFixture;
import dev.puppetengine.agent.Reacting;
import dev.puppetengine.agent.jdbc.JdbcDecisionLog;
import dev.puppetengine.llm.ReactionDecision;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/agents/{id}/relationships} and {@code GET /api/decisions} after an interaction prompt between two
 * sample personas (issue 10, Done-when 2), driven through {@link Reacting#reactToRecentPostOf} — the step the
 * interaction_prompt event handler calls — and the personas' mention checks, with the offline composer.
 */
class RelationsApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PersonaId JUNIPER = PersonaId.of("juniper");
    private static final PersonaId MARLOW = PersonaId.of("marlow");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private final EngineFixture fixture = new EngineFixture(clock, TestDatabase.inMemory());
    private final EngineFixture.Wiring wiring = fixture.wire();
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(
                    new RelationshipController(fixture.catalog, fixture.states()),
                    new DecisionController(fixture.catalog, new JdbcDecisionLog(JdbcClient.create(fixture.database))))
            .setControllerAdvice(new ApiProblems())
            .setMessageConverters(new JacksonJsonHttpMessageConverter(ApiJsonConfiguration.strict(
                            JsonMapper.builder().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class))
                    .build()))
            .build();

    private MvcResult get(String path) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.get(path)).andReturn();
    }

    private JsonNode json(MvcResult result) throws Exception {
        return JSON.readTree(result.getResponse().getContentAsString());
    }

    /** Marlow posts three times; Juniper gets interaction prompts until it replies or quotes; they talk it out. */
    private Reacting.Reacted exchange() {
        var engine = wiring.engine();
        engine.ensureStates();
        Instant slot = engine.scheduleFirstPost(MARLOW);
        for (int post = 0; post < 3; post++) {
            clock.set(slot);
            slot = engine.postDue(MARLOW, slot).orElseThrow();
        }
        Reacting.Reacted reacted = null;
        for (int prompt = 0; prompt < 3 && reacted == null; prompt++) {
            clock.advance(Duration.ofMinutes(1));
            if (wiring.reacting().reactToRecentPostOf(JUNIPER, MARLOW, "night skies") instanceof Reacting.Reacted r
                    && r.action() != ReactionDecision.Action.LIKE) {
                reacted = r;
            }
        }
        assertThat(reacted)
                .as("Juniper replied to or quoted one of Marlow's posts")
                .isNotNull();
        for (int round = 0; round < 30; round++) {
            clock.advance(Duration.ofMinutes(2));
            if (engine.answerMentions(JUNIPER).replies()
                            + engine.answerMentions(MARLOW).replies()
                    == 0) {
                break;
            }
        }
        return Objects.requireNonNull(reacted);
    }

    @Test
    void both_relationships_are_listed_after_an_exchange() throws Exception {
        Reacting.Reacted reacted = exchange();

        JsonNode juniper = json(get("/api/agents/juniper/relationships"));
        assertThat(juniper).hasSize(1);
        JsonNode ofMarlow = juniper.get(0);
        assertThat(ofMarlow.get("counterpartId").asString()).isEqualTo("marlow");
        assertThat(ofMarlow.get("familiarity").asDouble()).isGreaterThan(0);
        assertThat(ofMarlow.get("lastInteractionAt").asString()).isNotBlank();
        assertThat(ofMarlow.get("interactions")).isNotEmpty();
        assertThat(ofMarlow.has("sentiment") && ofMarlow.has("trust") && ofMarlow.has("notes"))
                .isTrue();
        if (reacted.action() == ReactionDecision.Action.REPLY) {
            JsonNode marlow = json(get("/api/agents/marlow/relationships"));
            assertThat(marlow).hasSize(1);
            assertThat(marlow.get(0).get("counterpartId").asString()).isEqualTo("juniper");
            assertThat(marlow.get(0).get("familiarity").asDouble()).isGreaterThan(0);
        }
    }

    @Test
    void the_decisions_say_why_each_step_happened_newest_first() throws Exception {
        exchange();

        JsonNode decisions = json(get("/api/decisions?agentId=juniper&limit=100"));
        List<String> kinds = new ArrayList<>();
        decisions.forEach(
                d -> kinds.add(d.get("kind").asString() + "/" + d.get("outcome").asString()));
        assertThat(kinds).contains("relationship/updated").anyMatch(k -> k.matches("reaction/(replied|quoted)"));
        JsonNode reaction = null;
        for (JsonNode d : decisions) {
            if (d.get("kind").asString().equals("reaction")
                    && d.get("outcome").asString().matches("replied|quoted")) {
                reaction = d;
            }
        }
        assertThat(reaction).isNotNull();
        JsonNode why = Objects.requireNonNull(reaction);
        assertThat(why.get("reason").asString()).startsWith("an interaction prompt about night skies; ");
        assertThat(why.get("inputRef").asString()).isNotBlank();
        assertThat(why.get("agentId").asString()).isEqualTo("juniper");
        List<Instant> times = new ArrayList<>();
        decisions.forEach(d -> times.add(Instant.parse(d.get("at").asString())));
        assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(json(get("/api/decisions?limit=1"))).hasSize(1);
    }

    @Nested
    class Bad_requests {

        @Test
        void an_unknown_persona_is_404() throws Exception {
            assertThat(get("/api/agents/nobody/relationships").getResponse().getStatus())
                    .isEqualTo(404);
            assertThat(get("/api/decisions?agentId=nobody").getResponse().getStatus())
                    .isEqualTo(404);
        }

        @Test
        void a_bad_limit_or_agent_id_is_a_400_problem_naming_the_field() throws Exception {
            MvcResult tooMany = get("/api/decisions?limit=0");
            assertThat(tooMany.getResponse().getStatus()).isEqualTo(400);
            assertThat(tooMany.getResponse().getContentAsString()).contains("limit");
            MvcResult notANumber = get("/api/decisions?limit=lots");
            assertThat(notANumber.getResponse().getStatus()).isEqualTo(400);
            assertThat(notANumber.getResponse().getContentAsString()).contains("limit");
            MvcResult badId = get("/api/decisions?agentId=Not%20An%20Id");
            assertThat(badId.getResponse().getStatus()).isEqualTo(400);
            assertThat(badId.getResponse().getContentAsString()).contains("agentId");
        }
    }
}
