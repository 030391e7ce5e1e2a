package dev.puppetengine.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.llm.TestPersonas;
import dev.puppetengine.memory.EmbeddingPipeline;
import dev.puppetengine.memory.HashingEmbedder;
import dev.puppetengine.memory.MemoryBank;
import dev.puppetengine.memory.MemoryKind;
import dev.puppetengine.memory.MemoryProperties;
import dev.puppetengine.memory.MemoryStore;
import dev.puppetengine.memory.Recall;
import dev.puppetengine.memory.jdbc.JdbcMemoryStore;
import dev.puppetengine.persona.OnePersonaCatalog;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.TestDatabase;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MemoryControllerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PersonaSpec ada = TestPersonas.persona("ada").build();
    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private final MemoryStore store = new JdbcMemoryStore(new JdbcTemplate(TestDatabase.inMemory()));
    private final Recall recall = new Recall(store, new HashingEmbedder(384), MemoryProperties.DEFAULTS, clock);
    private final EmbeddingPipeline pipeline = new EmbeddingPipeline(
            store, new HashingEmbedder(384), recall, MemoryProperties.DEFAULTS.embeddingBatchSize());
    private final MemoryBank bank = new MemoryBank(store, recall, pipeline, clock);
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(
                    new MemoryController(new OnePersonaCatalog(ada), store, bank, recall, MemoryProperties.DEFAULTS))
            .setControllerAdvice(new ApiProblems())
            .setMessageConverters(new JacksonJsonHttpMessageConverter(ApiJsonConfiguration.strict(
                            JsonMapper.builder().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class))
                    .build()))
            .build();

    private MvcResult post(String persona, String body) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.post("/api/agents/" + persona + "/memories")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andReturn();
    }

    private MvcResult get(String path) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.get(path)).andReturn();
    }

    private static JsonNode json(MvcResult result) throws Exception {
        return JSON.readTree(result.getResponse().getContentAsString());
    }

    @Nested
    class Remembering {

        @Test
        void stores_a_memory_and_answers_201_with_it() throws Exception {
            MvcResult result =
                    post("ada", "{\"content\": \"saw a whale shark\", \"type\": \"event\", \"importance\": 0.8}");

            assertThat(result.getResponse().getStatus()).isEqualTo(201);
            JsonNode body = json(result);
            assertThat(body.get("content").asString()).isEqualTo("saw a whale shark");
            assertThat(body.get("type").asString()).isEqualTo("event");
            assertThat(body.get("importance").asDouble()).isEqualTo(0.8);
            assertThat(result.getResponse().getHeader("Location"))
                    .isEqualTo("/api/agents/ada/memories/" + body.get("id").asLong());
            assertThat(store.listNewest(ada.id(), 5)).singleElement().satisfies(m -> {
                assertThat(m.kind()).isEqualTo(MemoryKind.EVENT);
                assertThat(m.createdAt()).isEqualTo(clock.instant());
            });
        }

        @Test
        void defaults_to_a_general_memory_of_middling_importance() throws Exception {
            JsonNode body = json(post("ada", "{\"content\": \"the tide was low\"}"));

            assertThat(body.get("type").asString()).isEqualTo("general");
            assertThat(body.get("importance").asDouble()).isEqualTo(0.5);
        }

        @Test
        void rejects_bad_input_with_problem_details() throws Exception {
            for (String body : List.of(
                    "{\"content\": \"  \"}",
                    "{\"content\": \"x\", \"type\": \"dream\"}",
                    "{\"content\": \"x\", \"importance\": 1.5}",
                    "{\"content\": \"" + "x".repeat(2_001) + "\"}",
                    "not json")) {
                MvcResult result = post("ada", body);

                assertThat(result.getResponse().getStatus()).as(body).isEqualTo(400);
                assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
                assertThat(json(result).get("detail").asString()).isNotBlank();
            }
            assertThat(store.count(ada.id())).isZero();
        }

        @Test
        void names_the_field_and_the_reason() throws Exception {
            Map<String, String> details = Map.of(
                    "{\"content\": 42}",
                    "/content: must be a string, not a whole number",
                    "{\"content\": \"x\", \"importance\": \"0.5\"}",
                    "/importance: must be a number, not a string",
                    "{\"content\": \"a\\u0000b\"}",
                    "/content: must not contain control characters (found \\u0000 at character 2)",
                    "{\"content\": \"a\\ud800\"}",
                    "/content: must not contain a lone surrogate (\\ud800 at character 2)",
                    "{\"content\": \"" + "x".repeat(2_001) + "\"}",
                    "/content: must be at most 2000 characters (got 2001)",
                    "{\"content\": \"x\", \"type\": \"dream\"}",
                    "/type: must be one of core, event, interaction, post, reflection, general",
                    "{\"content\": \"a\", \"content\": \"b\"}",
                    "/content: is a duplicate key");
            for (var entry : details.entrySet()) {
                MvcResult result = post("ada", entry.getKey());

                assertThat(result.getResponse().getStatus()).as(entry.getKey()).isEqualTo(400);
                assertThat(json(result).get("detail").asString())
                        .as(entry.getKey())
                        .isEqualTo(entry.getValue());
            }
            assertThat(store.count(ada.id())).isZero();
        }

        @Test
        void answers_404_for_an_unknown_persona() throws Exception {
            MvcResult result = post("nobody", "{\"content\": \"hello\"}");

            assertThat(result.getResponse().getStatus()).isEqualTo(404);
            assertThat(json(result).get("title").asString()).isEqualTo("Unknown agent");
        }
    }

    @Nested
    class Listing {

        @Test
        void lists_the_newest_memories_without_a_query() throws Exception {
            post("ada", "{\"content\": \"first\"}");
            post("ada", "{\"content\": \"second\"}");
            post("ada", "{\"content\": \"third\"}");

            JsonNode body = json(get("/api/agents/ada/memories?limit=2"));

            assertThat(body).hasSize(2);
            assertThat(body.get(0).get("content").asString()).isEqualTo("third");
            assertThat(body.get(1).get("content").asString()).isEqualTo("second");
        }

        @Test
        void recalls_core_memories_and_the_best_matches_for_a_query() throws Exception {
            post("ada", "{\"content\": \"I grew up beside an aquarium\", \"type\": \"core\", \"importance\": 1}");
            post("ada", "{\"content\": \"a jellyfish glowed in the dark tank\"}");
            post("ada", "{\"content\": \"paid the electricity bill\"}");
            pipeline.embedPending();

            JsonNode body = json(get("/api/agents/ada/memories?query=jellyfish glowed&limit=1"));

            assertThat(body).hasSize(2);
            assertThat(body.get(0).get("type").asString()).isEqualTo("core");
            assertThat(body.get(0).get("score").isNull()).isTrue();
            assertThat(body.get(1).get("content").asString()).isEqualTo("a jellyfish glowed in the dark tank");
            assertThat(body.get(1).get("score").asDouble()).isPositive();
        }

        @Test
        void rejects_a_query_with_control_characters_or_over_1000_characters() throws Exception {
            MvcResult nul = mvc.perform(MockMvcRequestBuilders.get(URI.create("/api/agents/ada/memories?query=a%00b")))
                    .andReturn();
            MvcResult tooLong = get("/api/agents/ada/memories?query=" + "q".repeat(1_001));

            assertThat(nul.getResponse().getStatus()).isEqualTo(400);
            assertThat(json(nul).get("field").asString()).isEqualTo("query");
            assertThat(json(tooLong).get("detail").asString())
                    .isEqualTo("query: must be at most 1000 characters (got 1001)");
        }

        @Test
        void rejects_a_limit_out_of_range() throws Exception {
            assertThat(get("/api/agents/ada/memories?limit=0").getResponse().getStatus())
                    .isEqualTo(400);
            assertThat(get("/api/agents/ada/memories?limit=201").getResponse().getStatus())
                    .isEqualTo(400);
        }

        @Test
        void answers_404_for_an_unknown_persona() throws Exception {
            assertThat(get("/api/agents/nobody/memories").getResponse().getStatus())
                    .isEqualTo(404);
            assertThat(get("/api/agents/NOT%20AN%20ID/memories").getResponse().getStatus())
                    .isEqualTo(404);
        }
    }
}
