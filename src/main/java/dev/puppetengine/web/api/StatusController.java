package dev.puppetengine.web.api;

import dev.puppetengine.PuppetEngineApplication;
import dev.puppetengine.agent.EngineNodes;
import dev.puppetengine.event.ScheduleLag;
import dev.puppetengine.llm.LanguageModel;
import dev.puppetengine.llm.LanguageModels;
import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.EngineProperties;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/status}. */
@RestController
@RequestMapping("/api/status")
final class StatusController {

    private final EngineProperties properties;
    private final PersonaCatalog catalog;
    private final LanguageModels languageModels;
    private final ScheduleLag lag;
    private final EngineNodes nodes;

    StatusController(
            EngineProperties properties,
            PersonaCatalog catalog,
            LanguageModels languageModels,
            ScheduleLag lag,
            EngineNodes nodes) {
        this.properties = properties;
        this.catalog = catalog;
        this.languageModels = languageModels;
        this.lag = lag;
        this.nodes = nodes;
    }

    /** What writes each persona's texts, for one load of the catalog (its list is replaced on every reload). */
    private record Models(
            List<PersonaSpec> personas,
            List<StatusResponse.AgentModel> models,
            @Nullable String notice) {}

    private volatile Models worked = new Models(List.of(), List.of(), null);

    /**
     * The models of {@code personas}, worked out once per catalog load: a status request does no work per persona
     * but writing the list (10,000 personas: DESIGN §9).
     */
    private Models modelsOf(List<PersonaSpec> personas) {
        Models known = worked;
        if (known.personas() == personas) {
            return known;
        }
        List<StatusResponse.AgentModel> list = personas.stream()
                .map(persona -> {
                    LanguageModel model = languageModels.forPersona(persona);
                    return new StatusResponse.AgentModel(persona.id().value(), model.name(), model.isLlm());
                })
                .toList();
        long offline = list.stream().filter(m -> !m.languageModel()).count();
        String notice = offline == 0
                ? null
                : offline + " of " + list.size() + " persona(s) write with the offline composer, which is not a"
                        + " language model: set a provider key (README, Language models) for real model output";
        Models now = new Models(personas, list, notice);
        worked = now;
        return now;
    }

    @GetMapping
    StatusResponse status() {
        String version = PuppetEngineApplication.class.getPackage().getImplementationVersion();
        Models current = modelsOf(catalog.listPersonas());
        List<StatusResponse.AgentModel> models = current.models();
        String notice = current.notice();
        return new StatusResponse(
                "ok",
                version == null ? "dev" : version,
                properties.mode().wireName(),
                properties.mode() == EngineProperties.Mode.LIVE ? "x" : "sandbox",
                models.size(),
                // Real time since the JVM started: the injected clock runs at --speed in the sandbox.
                Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime())
                        .toSeconds(),
                Math.round(lag.behindSeconds() * 1000) / 1000.0,
                models,
                notice,
                nodes.nodeId(),
                nodes.listNodes().stream()
                        .map(node -> new StatusResponse.Node(
                                node.id(),
                                node.host(),
                                node.pid(),
                                node.startedAt(),
                                node.heartbeatAt(),
                                node.alive(),
                                node.personas()))
                        .toList());
    }
}
