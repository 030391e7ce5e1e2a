package dev.puppetengine.web.api;

import dev.puppetengine.agent.EngineFixture;
import dev.puppetengine.agent.PersonaActivation;
import dev.puppetengine.agent.PersonaCreation;
import dev.puppetengine.agent.jdbc.JdbcEngineNodes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.test.web.servlet.setup.StandaloneMockMvcBuilder;
import tools.jackson.databind.json.JsonMapper;

/** Standalone MockMvc for API controllers, answering as the app does: its problems, its strict JSON, its module. */
final class ApiMvc {

    private ApiMvc() {}

    /**
     * The agents controller on an engine fixture's wiring; {@code activation} and the persona creation publish to
     * {@code published}.
     */
    static AgentController agentController(
            EngineFixture fixture, EngineFixture.Wiring wiring, PersonaActivation activation, List<Object> published) {
        return new AgentController(
                fixture.catalog,
                fixture.states(),
                fixture.memories(),
                activation,
                wiring.prompts(),
                new PersonaCreation(fixture.catalog, wiring.seeder(), fixture.states(), published::add),
                wiring.engine(),
                wiring.approvals(),
                wiring.replies(),
                nodes(fixture),
                fixture.clock);
    }

    /** The fixture's node ({@link EngineFixture#NODE}) on its database, registered. */
    static JdbcEngineNodes nodes(EngineFixture fixture) {
        JdbcEngineNodes nodes = new JdbcEngineNodes(
                JdbcClient.create(fixture.database),
                EngineFixture.NODE,
                "localhost",
                ProcessHandle.current().pid(),
                false);
        nodes.register();
        return nodes;
    }

    static StandaloneMockMvcBuilder standalone(Object... controllers) {
        return MockMvcBuilders.standaloneSetup(controllers)
                .setControllerAdvice(new ApiProblems())
                .setMessageConverters(
                        new StringHttpMessageConverter(StandardCharsets.UTF_8),
                        new JacksonJsonHttpMessageConverter(ApiJsonConfiguration.strict(JsonMapper.builder()
                                        .addModule(ApiJsonConfiguration.apiModule())
                                        .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class))
                                .build()));
    }
}
