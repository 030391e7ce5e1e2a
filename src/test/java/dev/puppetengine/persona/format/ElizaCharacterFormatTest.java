package dev.puppetengine.persona.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaProblem;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.PersonaSpec.ExampleMessage;
import dev.puppetengine.persona.format.PersonaDocuments.FileResult;
import dev.puppetengine.persona.format.PersonaDocuments.Syntax;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ElizaCharacterFormatTest {

    private final PersonaDocuments documents = new PersonaDocuments(Map.<String, String>of()::get);

    private FileResult read(String content, String fileName) {
        return documents.read(content, Syntax.JSON, fileName, fileName);
    }

    @Nested
    class The_eliza_character_file {

        private final FileResult result =
                documents.readFile(Path.of("src/test/resources/personas/eliza.character.json"));
        private final PersonaSpec persona = Objects.requireNonNull(result.persona());

        @Test
        void takes_its_id_from_the_file_name() {
            assertThat(persona.id()).isEqualTo(PersonaId.of("eliza"));
            assertThat(persona.name()).isEqualTo("Eliza");
        }

        @Test
        void maps_bio_lore_knowledge_adjectives_topics_and_style() {
            assertThat(persona.description())
                    .isEqualTo("A real girl, not an AI agent. Knows about everything and is happy to chat.");
            assertThat(persona.initialMemory().coreMemories())
                    .containsExactly(
                            "she once spent a month living entirely in VR",
                            "she published a paper on AI ethics",
                            "text knowledge is imported");
            assertThat(persona.personality().traits()).containsExactly("funny", "intelligent");
            assertThat(persona.personality().interests()).containsExactly("metaphysics", "quantum physics");
            assertThat(persona.styleGuide().rules())
                    .containsExactly("very short responses", "never use hashtags or emojis");
            assertThat(persona.styleGuide().chatRules()).containsExactly("be cool, don't act like an assistant");
            assertThat(persona.styleGuide().postRules()).containsExactly("don't be rude or mean");
        }

        @Test
        void maps_examples_system_prompt_provider_and_model() {
            assertThat(persona.examples().posts()).hasSize(2);
            assertThat(persona.examples().conversations())
                    .containsExactly(
                            List.of(
                                    new ExampleMessage("{{user1}}", "hey eliza can you help with me something"),
                                    new ExampleMessage(
                                            "Eliza",
                                            "i'm kinda busy but i can probably step away for a minute, whatcha need")),
                            List.of(
                                    new ExampleMessage("{{name1}}", "what do you think about the future?"),
                                    new ExampleMessage("Eliza", "uncertain, but bright")));
            assertThat(persona.customSystemPrompt())
                    .isEqualTo("Roleplay and generate interesting dialogue on behalf of Eliza.");
            assertThat(persona.llmProvider()).isEqualTo("openai");
            assertThat(persona.llmConfig().model()).isEqualTo("gpt-4o-mini");
        }

        @Test
        void warns_about_what_it_does_not_import_and_never_repeats_a_secret() {
            assertThat(result.problems()).allMatch(p -> !p.isError());
            assertThat(result.problems())
                    .extracting(PersonaProblem::pointer)
                    .containsExactlyInAnyOrder(
                            "/knowledge/1", "/clients", "/plugins", "/settings/secrets", "/settings/voice");
            assertThat(result.problems()).extracting(PersonaProblem::describe).noneMatch(line -> line.contains("sk-"));
        }

        @Test
        void writes_a_persona_file_that_reads_back_equal() {
            String written = documents.write(persona);

            FileResult reread = read(written, "eliza.json");

            assertThat(reread.problems()).isEmpty();
            assertThat(reread.persona()).isEqualTo(persona);
            assertThat(written).contains("\"personality\"").doesNotContain("\"bio\"");
        }
    }

    @Test
    void accepts_bio_as_a_list() {
        PersonaSpec persona = Objects.requireNonNull(
                read("{\"name\": \"Ann\", \"bio\": [\"first line.\", \"second line.\"]}", "ann.json")
                        .persona());

        assertThat(persona.description()).isEqualTo("first line. second line.");
    }

    @Test
    void derives_the_id_from_the_name_when_the_file_name_is_not_an_id() {
        PersonaSpec persona =
                Objects.requireNonNull(read("{\"name\": \"Zoë de la Cruz\", \"bio\": \"hi\"}", "My Character!.json")
                        .persona());

        assertThat(persona.id()).isEqualTo(PersonaId.of("zoe-de-la-cruz"));
    }

    @Test
    void reports_a_missing_name_and_a_wrong_bio_type() {
        FileResult result = read("{\"bio\": 42}", "nameless.character.json");

        assertThat(result.valid()).isFalse();
        assertThat(result.problems())
                .extracting(PersonaProblem::describe)
                .containsExactlyInAnyOrder(
                        "nameless.character.json: /name: required in an ElizaOS character file",
                        "nameless.character.json: /bio: must be a string or a list of strings, not a number");
    }

    @Test
    void reads_a_file_with_personality_as_a_persona_file_not_a_character() {
        FileResult result = read("{\"id\": \"both\", \"bio\": \"x\", \"personality\": {}}", "both.json");

        assertThat(result.valid()).isTrue();
        assertThat(result.problems()).extracting(PersonaProblem::pointer).containsExactly("/bio");
    }
}
