package dev.puppetengine.web.api;

import dev.puppetengine.agent.Approvals;
import dev.puppetengine.agent.Engine;
import dev.puppetengine.agent.EngineNodes;
import dev.puppetengine.agent.ManualReplies;
import dev.puppetengine.agent.PersonaActivation;
import dev.puppetengine.agent.PersonaCreation;
import dev.puppetengine.agent.PersonaState;
import dev.puppetengine.agent.PersonaStateStore;
import dev.puppetengine.agent.PostPrompts;
import dev.puppetengine.memory.MemoryStore;
import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.InputText;
import dev.puppetengine.shared.InvalidInputException;
import dev.puppetengine.social.OutboxItem;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/agents}: the configured personas with their state; create one, pause and resume it, set its approval
 * mode, post now (DESIGN §8).
 */
@RestController
@RequestMapping("/api/agents")
final class AgentController {

    /** The largest page of {@code GET /api/agents?limit=}. */
    static final int MAX_PAGE = 1_000;

    private static final InputText TOPIC = InputText.line(200);
    private static final InputText REPLY_TEXT = InputText.text(2_000);
    private static final java.util.regex.Pattern POST_ID = java.util.regex.Pattern.compile("[0-9]{1,19}");

    private final PersonaCatalog catalog;
    private final PersonaStateStore states;
    private final MemoryStore memories;
    private final PersonaActivation activation;
    private final PostPrompts prompts;
    private final PersonaCreation creation;
    private final Engine engine;
    private final Approvals approvals;
    private final ManualReplies replies;
    private final EngineNodes nodes;
    private final Clock clock;

    AgentController(
            PersonaCatalog catalog,
            PersonaStateStore states,
            MemoryStore memories,
            PersonaActivation activation,
            PostPrompts prompts,
            PersonaCreation creation,
            Engine engine,
            Approvals approvals,
            ManualReplies replies,
            EngineNodes nodes,
            Clock clock) {
        this.catalog = catalog;
        this.states = states;
        this.memories = memories;
        this.activation = activation;
        this.prompts = prompts;
        this.creation = creation;
        this.engine = engine;
        this.approvals = approvals;
        this.replies = replies;
        this.nodes = nodes;
        this.clock = clock;
    }

    /**
     * Creates a persona from a document in the persona file format (JSON), written to the config dir as
     * {@code <id>.json}, and starts it: 201 with the agent and its {@code Location}; 409 when the id exists, 400
     * naming each invalid field by its JSON pointer.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<AgentDetail> create(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            description = "A persona in the file format (README, Persona files), as JSON",
                            required = true,
                            content =
                                    @Content(
                                            schema =
                                                    @Schema(
                                                            name = "PersonaFile",
                                                            type = "object",
                                                            requiredProperties = {"id", "name"},
                                                            additionalProperties =
                                                                    Schema.AdditionalPropertiesValue.TRUE)))
                    @RequestBody
                    String document) {
        return switch (creation.create(document)) {
            case PersonaCatalog.Created created -> {
                String id = created.persona().id().value();
                yield ResponseEntity.created(URI.create("/api/agents/" + id)).body(get(id));
            }
            case PersonaCatalog.AlreadyExists exists ->
                throw new AgentConflictException(
                        exists.id().value(),
                        "Agent exists",
                        "An agent with id '" + exists.id().value() + "' exists already; nothing was written.");
            case PersonaCatalog.Rejected rejected -> throw new InvalidPersonaException(rejected.problems());
        };
    }

    /**
     * Writes and queues an original post now (202 with the outbox item, whose {@code status} says whether it went
     * out already): 429 when too soon and not {@code force}, 409 when paused or the post could not be written.
     */
    @PostMapping("/{id}/post")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ResponseEntity<PostsController.PostItem> postNow(@PathVariable String id, @RequestBody PostRequest request) {
        PersonaSpec persona = requirePersona(id);
        String topic = TOPIC.requireOrNull("/topic", request.topic());
        if (topic != null && topic.isBlank()) {
            throw new InvalidInputException("/topic", "must not be blank (leave it out to post about anything)");
        }
        boolean force = Boolean.TRUE.equals(request.force());
        if (!states.createIfAbsent(persona.id(), persona.active()).active()) {
            throw paused(id);
        }
        return switch (engine.postNow(persona.id(), topic == null ? null : topic.strip(), force)) {
            case Engine.ManualPost.Queued(OutboxItem item) ->
                ResponseEntity.status(HttpStatus.ACCEPTED).body(PostsController.PostItem.of(item));
            case Engine.ManualPost.TooSoon(Instant mayPostAt) ->
                throw new TooSoonException(id, mayPostAt, clock.instant());
            case Engine.ManualPost.NotActive() -> throw paused(id);
            case Engine.ManualPost.Declined(String reason) ->
                throw new AgentConflictException(id, "Post not written", "No post was written: " + reason + ".");
        };
    }

    /**
     * Replies to a post now (202 with the outbox item: {@code posted}, {@code pending}, {@code awaiting_approval} or
     * {@code held}): drafted by the persona unless {@code text} is given (then checked by the output policy: 422),
     * through the outbox, its platform policy and the approval gate. 404 for an unknown agent or post, 409 when paused
     * or replied before, 422 when the platform policy refuses it (its reason; a decision says so too).
     */
    @PostMapping("/{id}/reply")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ResponseEntity<PostsController.PostItem> reply(@PathVariable String id, @RequestBody ReplyRequest request) {
        PersonaSpec persona = requirePersona(id);
        String postId = request.postId();
        if (postId == null) {
            throw new InvalidInputException("/postId", "required: the id of the post to reply to");
        }
        InputText.IDENTIFIER.require("/postId", postId);
        if (!POST_ID.matcher(postId).matches()) {
            throw new InvalidInputException("/postId", "must be a post id (1 to 19 digits)");
        }
        String text = REPLY_TEXT.requireOrNull("/text", request.text());
        if (text != null && text.isBlank()) {
            throw new InvalidInputException("/text", "must not be blank (leave it out to have the persona write it)");
        }
        if (!states.createIfAbsent(persona.id(), persona.active()).active()) {
            throw paused(id);
        }
        return switch (replies.reply(persona.id(), postId, text)) {
            case ManualReplies.Queued(OutboxItem item) ->
                ResponseEntity.status(HttpStatus.ACCEPTED).body(PostsController.PostItem.of(item));
            case ManualReplies.NotActive() -> throw paused(id);
            case ManualReplies.UnknownPost(String unknown) ->
                throw new ProblemException(
                        HttpStatus.NOT_FOUND,
                        "Unknown post",
                        "No post with id '" + unknown + "' on the network.",
                        Map.of("postId", unknown));
            case ManualReplies.AlreadyReplied(OutboxItem item) ->
                throw new ProblemException(
                        HttpStatus.CONFLICT,
                        "Already replied",
                        "Agent '" + id + "' has a reply to " + postId + " already (outbox item " + item.id() + ", "
                                + item.status().wireName() + "); one reply per post.",
                        Map.of(
                                "id",
                                id,
                                "postId",
                                postId,
                                "status",
                                item.status().wireName()));
            case ManualReplies.Refused(String reason) ->
                throw new ProblemException(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "Reply refused",
                        "The platform policy refused the reply: " + reason + ".",
                        Map.of("id", id, "postId", postId, "reason", reason));
            case ManualReplies.TextRefused(String reason) ->
                throw new ProblemException(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "Text refused",
                        "The text was refused by the output policy: " + reason + ".",
                        Map.of("id", id, "postId", postId, "reason", reason));
            case ManualReplies.Declined(String reason) ->
                throw new AgentConflictException(id, "Reply not written", "No reply was written: " + reason + ".");
        };
    }

    private static AgentConflictException paused(String id) {
        return new AgentConflictException(
                id, "Agent paused", "Agent '" + id + "' is paused or not started; resume it to post.");
    }

    /** The exact messages the persona's next new post would be generated from (DESIGN §5.3). */
    @GetMapping("/{id}/context")
    PromptContext context(@PathVariable String id) {
        PersonaSpec persona = requirePersona(id);
        return PromptContext.of(persona.id(), prompts.previewNewPost(persona));
    }

    /**
     * The agents ordered by id: all of them, or with {@code limit} a page of at most that many (1 to {@value
     * #MAX_PAGE}) after the agent {@code after} names (the last id of the previous page; any well-formed id, known or
     * not). A page reads only its own agents' state, so it costs the same with 50 agents or 10,000.
     */
    @GetMapping
    List<AgentSummary> list(
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String after) {
        if (limit != null && (limit < 1 || limit > MAX_PAGE)) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_PAGE);
        }
        PersonaId from = after == null ? null : personaId("after", after);
        var personas = catalog.listPersonas().stream()
                .filter(persona -> from == null || persona.id().compareTo(from) > 0);
        if (limit == null) {
            List<PersonaSpec> all = personas.toList();
            return summaries(all, states.listAll(), nodes.listLastNodes());
        }
        // a page reads its own agents' rows only: three statements whatever the number of agents
        List<PersonaSpec> page = personas.limit(limit).toList();
        List<PersonaId> ids = page.stream().map(PersonaSpec::id).toList();
        return summaries(page, states.listOf(ids), nodes.listLastNodes(ids));
    }

    private List<AgentSummary> summaries(
            List<PersonaSpec> personas, List<PersonaState> stored, Map<PersonaId, String> ranOn) {
        Map<PersonaId, PersonaState> byId =
                stored.stream().collect(Collectors.toMap(PersonaState::personaId, Function.identity()));
        Map<PersonaId, PersonaSpec.Approval> modes = approvals.modesOf(personas);
        return personas.stream()
                .map(persona -> AgentSummary.of(
                        persona,
                        stateOf(persona, byId),
                        modes.getOrDefault(persona.id(), persona.approval()),
                        ranOn.get(persona.id())))
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
                states.listRelationships(persona.id()).size(),
                nodes.findLastNode(persona.id()).orElse(null));
    }

    /**
     * Pauses or resumes the agent and sets its approval mode at run time (both stored, so a restart keeps them): 200
     * with the agent; 400 naming the field for a bad value, contradicting {@code active} and {@code paused}, or a body
     * that sets nothing.
     */
    @PatchMapping("/{id}")
    AgentSummary update(@PathVariable String id, @RequestBody ActivationRequest request) {
        PersonaSpec persona = requirePersona(id);
        Boolean active = request.active();
        Boolean paused = request.paused();
        if (active == null && paused == null && request.approval() == null) {
            throw new InvalidInputException("body", "must set paused or approval (or active)");
        }
        if (active != null && paused != null && active.equals(paused)) {
            throw new InvalidInputException("/paused", "contradicts /active; send one of them");
        }
        PersonaSpec.Approval approval = request.approval() == null ? null : approvalMode(request.approval());
        Boolean wanted = active != null ? active : paused == null ? null : !paused;
        PersonaState state = states.createIfAbsent(persona.id(), persona.active());
        if (approval != null) {
            approvals.setMode(persona.id(), approval);
        }
        if (wanted != null) {
            state = activation.setActive(persona.id(), wanted);
        }
        return AgentSummary.of(
                persona,
                state,
                approvals.modeOf(persona.id()),
                nodes.findLastNode(persona.id()).orElse(null));
    }

    private static PersonaSpec.Approval approvalMode(String value) {
        InputText.IDENTIFIER.require("/approval", value);
        return PersonaSpec.Approval.fromWireName(value)
                .orElseThrow(() -> new InvalidInputException(
                        "/approval", "must be one of " + String.join(", ", PersonaSpec.Approval.wireNames())));
    }

    private PersonaState stateOf(PersonaSpec persona, Map<PersonaId, PersonaState> stored) {
        PersonaState state = stored.get(persona.id());
        return state != null ? state : states.createIfAbsent(persona.id(), persona.active());
    }

    private PersonaSpec requirePersona(String id) {
        return requireKnown(catalog, "id", id);
    }

    /** The configured persona that the request input {@code field} names: bad input is 400, no such persona 404. */
    static PersonaSpec requireKnown(PersonaCatalog catalog, String field, String value) {
        return catalog.findPersona(personaId(field, value)).orElseThrow(() -> new UnknownAgentException(value));
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
