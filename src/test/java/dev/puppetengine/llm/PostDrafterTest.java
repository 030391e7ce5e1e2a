package dev.puppetengine.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.llm.DraftOutcome.Drafted;
import dev.puppetengine.llm.DraftOutcome.Skipped;
import dev.puppetengine.llm.PolicyOutcome.Violation;
import dev.puppetengine.persona.PersonaSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostDrafterTest {

    private final PersonaSpec persona = TestPersonas.persona("ada")
            .provider("scripted")
            .avoidTerms(List.of("synergy"))
            .maxRegenerations(2)
            .build();

    private PostDrafter drafter(ScriptedLanguageModel model) {
        return new PostDrafter(
                new LanguageModels(Map.of("scripted", model), new dev.puppetengine.llm.offline.OfflineComposer()),
                new OutputPolicy(null));
    }

    private GenerationRequest request() {
        return new GenerationRequest(
                persona,
                CallType.NEW_POST,
                List.of(ChatMessage.system("You are Ada."), ChatMessage.user("## Task\nWrite a post.")),
                CallSampling.defaultFor(CallType.NEW_POST),
                1);
    }

    @Test
    void a_clean_first_draft_is_posted_after_one_call() {
        var model = new ScriptedLanguageModel(List.of("Tweet: Tide pools are tiny universes."));
        assertThat(drafter(model).draft(request(), PolicyContext.NONE)).isInstanceOfSatisfying(Drafted.class, d -> {
            assertThat(d.text()).isEqualTo("Tide pools are tiny universes.");
            assertThat(d.attempts()).isEqualTo(1);
        });
    }

    @Test
    void a_rejected_draft_is_regenerated_with_the_reason() {
        var model = new ScriptedLanguageModel(List.of("Synergy in the tide pools!", "Crabs are tiny landlords."));
        var outcome = drafter(model).draft(request(), PolicyContext.NONE);
        assertThat(outcome).isInstanceOfSatisfying(Drafted.class, d -> {
            assertThat(d.text()).isEqualTo("Crabs are tiny landlords.");
            assertThat(d.attempts()).isEqualTo(2);
            assertThat(d.generations()).hasSize(2);
        });
        GenerationRequest retry = model.requests().get(1);
        assertThat(retry.seed()).isNotEqualTo(request().seed());
        assertThat(retry.messages().get(retry.messages().size() - 1).content()).contains("synergy");
    }

    @Test
    void after_max_regenerations_the_post_is_skipped_with_its_reasons() {
        var model = new ScriptedLanguageModel(List.of(
                "As an AI, I love tide pools.", "Synergy!", "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx123456", "never used"));
        var outcome = drafter(model).draft(request(), PolicyContext.NONE);
        assertThat(outcome).isInstanceOfSatisfying(Skipped.class, s -> {
            assertThat(s.rejections())
                    .extracting(PolicyOutcome.Rejected::violation)
                    .containsExactly(Violation.REFUSAL, Violation.AVOIDED_TERM, Violation.SECRET);
            assertThat(s.reason()).contains("API key");
            assertThat(s.generations()).hasSize(3);
        });
        assertThat(model.requests()).hasSize(3);
    }

    @Test
    void the_offline_composer_drafts_for_a_persona_without_a_provider() {
        PersonaSpec offline = TestPersonas.persona("bo").build();
        var drafter = new PostDrafter(
                LanguageModels.offlineOnly(new dev.puppetengine.llm.offline.OfflineComposer()), new OutputPolicy(null));
        var request = new GenerationRequest(
                offline,
                CallType.NEW_POST,
                List.of(ChatMessage.user("## Task\nWrite a post.")),
                CallSampling.defaultFor(CallType.NEW_POST),
                3);
        assertThat(drafter.draft(request, PolicyContext.NONE)).isInstanceOf(Drafted.class);
    }
}
