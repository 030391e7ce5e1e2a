package dev.puppetengine.persona.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaProblem;
import dev.puppetengine.persona.PersonaSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDirPersonaCatalogTest {

    private static final PersonaDocuments DOCUMENTS = new PersonaDocuments(Map.<String, String>of()::get);

    @TempDir
    Path dir;

    @Nested
    class The_sample_cast {

        private final PersonaCatalog catalog = new ConfigDirPersonaCatalog(Path.of("config/agents"), DOCUMENTS);

        @Test
        void loads_three_personas_without_problems() {
            assertThat(catalog.problems()).isEmpty();
            assertThat(catalog.listPersonas())
                    .extracting(p -> p.id().value())
                    .containsExactly("juniper", "marlow", "tess");
        }

        @Test
        void keeps_peak_hours_in_the_persona_timezone() {
            PersonaSpec juniper = catalog.findPersona(PersonaId.of("juniper")).orElseThrow();
            assertThat(juniper.behaviour().postFrequency().timezone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
            assertThat(juniper.behaviour().postFrequency().peakPostingHours()).contains(0, 23);
            assertThat(juniper.rotatingSystemPrompts()).hasSize(3);
            assertThat(juniper.postProcessing().forceLowercase()).isTrue();
        }

        @Test
        void reads_the_elizaos_character_file_into_the_same_model() {
            PersonaSpec tess = catalog.findPersona(PersonaId.of("tess")).orElseThrow();
            assertThat(tess.name()).isEqualTo("Tess Okafor");
            assertThat(tess.examples().posts()).isNotEmpty();
            assertThat(tess.examples().conversations()).isNotEmpty();
            assertThat(tess.styleGuide().rules()).contains("never use emojis or hashtags");
            assertThat(tess.llmProvider()).isEqualTo("anthropic");
        }
    }

    @Test
    void skips_an_invalid_file_and_serves_the_valid_ones() throws IOException {
        Files.writeString(dir.resolve("good.json"), "{\"id\": \"good\"}");
        Files.writeString(
                dir.resolve("bad.json"),
                "{\"id\": \"bad\", \"behavior\": {\"post_frequency\": " + "{\"min_hours_between_posts\": -1}}}");

        PersonaCatalog catalog = new ConfigDirPersonaCatalog(dir, DOCUMENTS);

        assertThat(catalog.listPersonas()).extracting(p -> p.id().value()).containsExactly("good");
        assertThat(catalog.problems())
                .extracting(PersonaProblem::describe)
                .containsExactly(dir.resolve("bad.json") + ": /behavior/post_frequency/min_hours_between_posts: "
                        + "must be a number from 0 to 720, got -1");
    }

    @Test
    void applies_the_defaults_of_the_format_to_a_minimal_file() throws IOException {
        Files.writeString(dir.resolve("min.json"), "{\"id\": \"min\"}");

        PersonaSpec persona =
                new ConfigDirPersonaCatalog(dir, DOCUMENTS).listPersonas().getFirst();

        assertThat(persona.name()).isEqualTo("min");
        assertThat(persona.active()).isTrue();
        assertThat(persona.behaviour().postFrequency().minHoursBetweenPosts()).isEqualTo(3);
        assertThat(persona.behaviour().postFrequency().maxHoursBetweenPosts()).isEqualTo(12);
        assertThat(persona.behaviour().postFrequency().timezone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(persona.behaviour().interactionPatterns().replyProbability()).isEqualTo(0.5);
        assertThat(persona.behaviour().interactionPatterns().quoteTweetProbability())
                .isEqualTo(0.3);
        assertThat(persona.behaviour().interactionPatterns().likeProbability()).isEqualTo(0.7);
        assertThat(persona.behaviour().contentPreferences().maxThreadLength()).isEqualTo(3);
        assertThat(persona.behaviour().contentPreferences().typicalPostLength()).isEqualTo(240);
        assertThat(persona.behaviour().contentPreferences().linkSharingFrequency())
                .isEqualTo(0.2);
        assertThat(persona.postProcessing().maxRegenerations()).isEqualTo(2);
        assertThat(persona.twitterCredentials()).isNull();
    }

    @Test
    void reload_picks_up_added_and_fixed_files() throws IOException {
        Files.writeString(dir.resolve("later.json"), "{\"id\": \"later\", \"is_active\": \"no\"}");
        PersonaCatalog catalog = new ConfigDirPersonaCatalog(dir, DOCUMENTS);
        assertThat(catalog.findPersona(PersonaId.of("later"))).isEmpty();

        Files.writeString(dir.resolve("later.json"), "{\"id\": \"later\", \"is_active\": false}");
        catalog.reload();

        assertThat(catalog.findPersona(PersonaId.of("later")))
                .hasValueSatisfying(p -> assertThat(p.active()).isFalse());
        assertThat(catalog.problems()).isEmpty();
    }

    @Test
    void reports_a_missing_config_dir_as_a_problem_and_serves_no_personas() {
        PersonaCatalog catalog = new ConfigDirPersonaCatalog(dir.resolve("absent"), DOCUMENTS);

        assertThat(catalog.listPersonas()).isEmpty();
        assertThat(catalog.problems())
                .extracting(PersonaProblem::describe)
                .containsExactly(dir.resolve("absent") + ": config dir does not exist");
    }

    @Test
    void creates_a_persona_file_and_refuses_an_existing_id() {
        ConfigDirPersonaCatalog catalog = new ConfigDirPersonaCatalog(dir, DOCUMENTS);

        PersonaCatalog.Creation first = catalog.create("{\"id\": \"newcomer\", \"name\": \"New\"}");
        PersonaCatalog.Creation second = catalog.create("{\"id\": \"newcomer\"}");

        assertThat(first).isInstanceOf(PersonaCatalog.Created.class);
        assertThat(dir.resolve("newcomer.json")).exists();
        assertThat(catalog.findPersona(PersonaId.of("newcomer"))).isPresent();
        assertThat(second).isEqualTo(new PersonaCatalog.AlreadyExists(PersonaId.of("newcomer")));
    }

    @Test
    void rejects_an_invalid_document_without_writing() throws IOException {
        ConfigDirPersonaCatalog catalog = new ConfigDirPersonaCatalog(dir, DOCUMENTS);

        PersonaCatalog.Creation creation = catalog.create("{\"id\": \"Bad Id\"}");

        assertThat(creation).isInstanceOf(PersonaCatalog.Rejected.class);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
