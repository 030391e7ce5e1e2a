package dev.puppetengine.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.agent.jdbc.JdbcEngineNodes;
import dev.puppetengine.agent.jdbc.JdbcPersonaLeases;
import dev.puppetengine.llm.LanguageModels;
import dev.puppetengine.llm.TestPersonas;
import dev.puppetengine.llm.offline.OfflineComposer;
import dev.puppetengine.persona.OnePersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.EngineProperties;
import dev.puppetengine.shared.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/status}: this node's id and every node on the database with its heartbeat and persona count. */
class StatusApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DataSource database = TestDatabase.inMemory();
    private final JdbcClient jdbc = JdbcClient.create(database);

    @Test
    void shows_this_node_and_every_node_alive_or_not_with_how_many_personas_last_ran_on_it() throws Exception {
        JdbcEngineNodes nodes = node("node-a");
        node("node-b").stopped();
        JdbcPersonaLeases leases = new JdbcPersonaLeases(jdbc, "node-a", false, Duration.ofSeconds(1));
        leases.holding(PersonaId.of("juniper"), () -> "step");
        leases.holding(PersonaId.of("wren"), () -> "step");
        MockMvc mvc = ApiMvc.standalone(new StatusController(
                        new EngineProperties(
                                Path.of("config"), Path.of("data"), EngineProperties.Mode.SANDBOX, 1, "", "x"),
                        new OnePersonaCatalog(TestPersonas.persona("juniper").build()),
                        new LanguageModels(Map.of(), new OfflineComposer()),
                        () -> Duration.ZERO,
                        nodes))
                .build();

        JsonNode status = JSON.readTree(mvc.perform(MockMvcRequestBuilders.get("/api/status"))
                .andReturn()
                .getResponse()
                .getContentAsString());

        assertThat(status.get("node").asString()).isEqualTo("node-a");
        JsonNode listed = status.get("nodes");
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0).get("id").asString()).isEqualTo("node-a");
        assertThat(listed.get(0).get("alive").asBoolean()).isTrue();
        assertThat(listed.get(0).get("personas").asInt()).isEqualTo(2);
        assertThat(listed.get(0).get("host").asString()).isEqualTo("host-node-a");
        assertThat(listed.get(0).get("pid").asLong())
                .isEqualTo(ProcessHandle.current().pid());
        assertThat(listed.get(0).get("startedAt").asString()).isNotBlank();
        assertThat(listed.get(0).get("heartbeatAt").asString()).isNotBlank();
        assertThat(listed.get(1).get("id").asString()).isEqualTo("node-b");
        assertThat(listed.get(1).get("alive").asBoolean()).isFalse();
        assertThat(listed.get(1).get("personas").asInt()).isZero();
    }

    private JdbcEngineNodes node(String id) {
        JdbcEngineNodes node = new JdbcEngineNodes(
                jdbc, id, "host-" + id, ProcessHandle.current().pid(), false);
        node.register();
        return node;
    }
}
