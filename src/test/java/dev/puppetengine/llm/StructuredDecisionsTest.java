package dev.puppetengine.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.llm.offline.OfflineComposer;
import dev.puppetengine.persona.PersonaSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StructuredDecisionsTest {

    private static final ReactionDecision IGNORE =
            new ReactionDecision(ReactionDecision.Action.IGNORE, "no usable decision");

    private final PersonaSpec persona =
            TestPersonas.persona("ada").provider("scripted").build();

    private StructuredDecisions decisions(ScriptedLanguageModel model) {
        return new StructuredDecisions(new LanguageModels(Map.of("scripted", model), new OfflineComposer()));
    }

    private GenerationRequest request(CallType type) {
        return new GenerationRequest(
                persona,
                type,
                List.of(ChatMessage.user("## Task\nDecide.\n> a post about tide pools")),
                CallSampling.defaultFor(type),
                1);
    }

    @Test
    void a_valid_answer_is_used_as_is() {
        var model = new ScriptedLanguageModel(List.of("{\"action\": \"REPLY\", \"reason\": \"tide pools!\"}"));
        var decided = decisions(model).decide(request(CallType.REACTION_DECISION), ReactionDecision.class, IGNORE);
        assertThat(decided.value()).isEqualTo(new ReactionDecision(ReactionDecision.Action.REPLY, "tide pools!"));
        assertThat(decided.defaulted()).isFalse();
    }

    @Test
    void out_of_range_values_are_clamped() {
        var model = new ScriptedLanguageModel(List.of(
                "{\"memory\": \"A reef was mapped.\", \"importance\": 3, \"valenceShift\": -2,"
                        + " \"arousalShift\": 0.9, \"dominanceShift\": 0.1}",
                "{\"sentimentDelta\": 0.9, \"familiarityDelta\": -0.3, \"trustDelta\": -1, \"note\": \"kind\"}"));
        var memory = decisions(model)
                .decide(request(CallType.MEMORY_UPDATE), MemoryUpdate.class, new MemoryUpdate("x", 0, 0, 0, 0))
                .value();
        var relationship = decisions(model)
                .decide(
                        request(CallType.RELATIONSHIP_UPDATE),
                        RelationshipUpdate.class,
                        new RelationshipUpdate(0, 0, 0, ""))
                .value();
        assertThat(memory).isEqualTo(new MemoryUpdate("A reef was mapped.", 1, -0.5, 0.5, 0.1));
        assertThat(relationship).isEqualTo(new RelationshipUpdate(0.2, 0, -0.2, "kind"));
    }

    @Test
    void a_malformed_answer_gets_one_repair_attempt() {
        var model = new ScriptedLanguageModel(
                List.of("I would reply, because tide pools.", "{\"action\": \"reply\", \"reason\": \"tide pools\"}"));
        var decided = decisions(model).decide(request(CallType.REACTION_DECISION), ReactionDecision.class, IGNORE);
        assertThat(decided.value().action()).isEqualTo(ReactionDecision.Action.REPLY);
        assertThat(decided.note()).isEqualTo("repaired");
        GenerationRequest repair = model.requests().get(1);
        assertThat(repair.messages().get(repair.messages().size() - 2).content())
                .isEqualTo("I would reply, because tide pools.");
        assertThat(repair.messages().get(repair.messages().size() - 1).content())
                .contains("\"action\"");
    }

    @Test
    void two_malformed_answers_give_the_safe_default() {
        var model = new ScriptedLanguageModel(List.of("nope", "{\"action\": \"dance\", \"reason\": \"\"}", "unused"));
        var decided = decisions(model).decide(request(CallType.REACTION_DECISION), ReactionDecision.class, IGNORE);
        assertThat(decided.value()).isEqualTo(IGNORE);
        assertThat(decided.defaulted()).isTrue();
        assertThat(decided.generations()).hasSize(2);
        assertThat(model.requests()).hasSize(2);
    }

    @Test
    void an_empty_reflection_is_malformed_and_repaired() {
        var model = new ScriptedLanguageModel(
                List.of("{\"summaries\": []}", "{\"summaries\": [\"a\", \"b\", \"c\", \"d\"]}"));
        var decided = decisions(model)
                .decide(request(CallType.REFLECTION), Reflection.class, new Reflection(List.of("nothing new")));
        assertThat(decided.value().summaries()).containsExactly("a", "b", "c");
    }
}
