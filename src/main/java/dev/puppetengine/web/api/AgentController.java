package dev.puppetengine.web.api;

import dev.puppetengine.agent.PersonaActivation;
import dev.puppetengine.agent.PersonaState;
import dev.puppetengine.agent.PersonaStateStore;
import dev.puppetengine.agent.PostPrompts;
import dev.puppetengine.memory.MemoryStore;
import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.InputText;
import dev.puppetengine.shared.InvalidInputException;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/agents}: the configured personas with their state; pause and resume. */
@RestController
@RequestMapping("/api/agents")
final class AgentController {

    private final PersonaCatalog catalog;
    private final PersonaStateStore states;
    private final MemoryStore memories;
    private final PersonaActivation activation;
    private final PostPrompts prompts;

    AgentController(
            PersonaCatalog catalog,
            PersonaStateStore states,
            MemoryStore memories,
            PersonaActivation activation,
            PostPrompts prompts) {
        this.catalog = catalog;
        this.states = states;
        this.memories = memories;
        this.activation = activation;
        this.prompts = prompts;
    }

    /** The exact messages the persona's next new post would be generated from (DESIGN §5.3). */
    @GetMapping("/{id}/context")
    PromptContext context(@PathVariable String id) {
        PersonaSpec persona = requirePersona(id);
        return PromptContext.of(persona.id(), prompts.previewNewPost(persona));
    }

    @GetMapping
    List<AgentSummary> list() {
        Map<PersonaId, PersonaState> stored =
                states.listAll().stream().collect(Collectors.toMap(PersonaState::personaId, Function.identity()));
        return catalog.listPersonas().stream()
                .map(persona -> AgentSummary.of(persona, stateOf(persona, stored)))
                .toList();
    }

    @GetMapping("/{id}")
    AgentDetail get(@PathVariable String id) {
        PersonaSpec persona = requirePersona(id);
        PersonaState state = states.createIfAbsent(persona.id(), persona.active());
        return AgentDetail.of(
                SecretRedaction.redact(persona),
                state,
                memories.count(persona.id()),
                states.listRelationships(persona.id()).size());
    }

    @PatchMapping("/{id}")
    AgentSummary update(@PathVariable String id, @Valid @RequestBody ActivationRequest request) {
        PersonaSpec persona = requirePersona(id);
        Boolean active = request.active();
        PersonaState state = active == null
                ? states.createIfAbsent(persona.id(), persona.active())
                : activation.setActive(persona.id(), active);
        return AgentSummary.of(persona, state);
    }

    private PersonaState stateOf(PersonaSpec persona, Map<PersonaId, PersonaState> stored) {
        PersonaState state = stored.get(persona.id());
        return state != null ? state : states.createIfAbsent(persona.id(), persona.active());
    }

    private PersonaSpec requirePersona(String id) {
        PersonaId personaId = personaId("id", id);
        return catalog.findPersona(personaId).orElseThrow(() -> new UnknownAgentException(id));
    }

    /**
     * {@code value} of the request input {@code field} as a persona id: over-long or with control characters it is
     * bad input (400); well-formed text that is no persona id can name no agent (404).
     */
    static PersonaId personaId(String field, String value) {
        InputText.IDENTIFIER.require(field, value);
        if (!PersonaId.PATTERN.matcher(value).matches()) {
            if (field.equals("id")) {
                throw new UnknownAgentException(value);
            }
            throw new InvalidInputException(
                    field, "must be a persona id: lowercase letters, digits, - and _, starting with a letter or digit");
        }
        return PersonaId.of(value);
    }
}
