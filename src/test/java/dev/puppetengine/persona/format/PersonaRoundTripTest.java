package dev.puppetengine.persona.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.PersonaSpec.OAuth1Credentials;
import dev.puppetengine.persona.format.PersonaDocuments.FileResult;
import dev.puppetengine.persona.format.PersonaDocuments.Syntax;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A persona file of the original Puppet Engine project reads completely and writes back to an equal persona. */
class PersonaRoundTripTest {

    private static final Path ORIGINAL = Path.of("src/test/resources/personas/saffron-reyes.original.json");

    private static final Map<String, String> ENVIRONMENT = Map.of(
            "TWITTER_API_KEY_SAFFRON", "consumer-key-1234",
            "TWITTER_API_KEY_SECRET_SAFFRON", "consumer-secret-5678",
            "TWITTER_ACCESS_TOKEN_SAFFRON", "access-token-9012",
            "TWITTER_ACCESS_TOKEN_SECRET_SAFFRON", "access-secret-3456");

    private final PersonaDocuments documents = new PersonaDocuments(ENVIRONMENT::get);

    private static PersonaSpec valid(FileResult result) {
        assertThat(result.problems()).isEmpty();
        return Objects.requireNonNull(result.persona());
    }

    @Nested
    class The_original_file {

        private final PersonaSpec persona = valid(documents.readFile(ORIGINAL));

        @Test
        void validates_without_problems_and_keeps_long_prompts_and_lists() {
            assertThat(persona.customSystemPrompt()).hasSizeGreaterThan(2_000);
            assertThat(persona.rotatingSystemPrompts())
                    .hasSize(3)
                    .allSatisfy(p -> assertThat(p).hasSizeGreaterThan(1_500));
            assertThat(persona.personality().traits()).hasSize(50);
            assertThat(persona.personality().interests()).hasSize(50);
            assertThat(persona.styleGuide().vocabulary().keyTerms()).hasSize(50);
            assertThat(persona.styleGuide().vocabulary().avoidTerms()).hasSize(50);
            assertThat(persona.initialMemory().coreMemories()).hasSize(50);
        }

        @Test
        void resolves_the_credentials_from_the_environment() {
            OAuth1Credentials credentials = (OAuth1Credentials) Objects.requireNonNull(persona.twitterCredentials());
            assertThat(credentials.apiKey().value()).isEqualTo("consumer-key-1234");
            assertThat(credentials.apiKey().source()).isEqualTo("${TWITTER_API_KEY_SAFFRON}");
            assertThat(credentials.accessTokenSecret().value()).isEqualTo("access-secret-3456");
        }

        @Test
        void keeps_the_trading_blocks_with_their_nested_objects() {
            assertThat(persona.behaviour().tradingBehavior())
                    .containsEntry("enabled", true)
                    .containsEntry("max_position_sol", 0.1)
                    .containsEntry(
                            "strategy",
                            Map.of(
                                    "type", "mean_reversion",
                                    "lookback_hours", 24L,
                                    "entry_drop_pct", 12.5,
                                    "take_profit_pct", 8L,
                                    "stop_loss_pct", 5L));
            assertThat(persona.behaviour().solanaIntegration())
                    .containsEntry("private_key", "${SOLANA_PRIVATE_KEY_SAFFRON_REYES}")
                    .containsKey("safety");
            assertThat(persona.behaviour().agentKitIntegration()).containsKeys("actions", "tools", "confirmations");
        }

        @Test
        void keeps_the_explicit_zero_like_probability_and_the_schedule() {
            assertThat(persona.behaviour().interactionPatterns().likeProbability())
                    .isZero();
            assertThat(persona.behaviour().postFrequency().minHoursBetweenPosts())
                    .isEqualTo(1.5);
            assertThat(persona.behaviour().postFrequency().timezone()).isEqualTo(ZoneId.of("America/Mexico_City"));
        }
    }

    @Test
    void writes_back_to_an_equal_persona() {
        PersonaSpec original = valid(documents.readFile(ORIGINAL));

        String written = documents.write(original);
        PersonaSpec reread = valid(documents.read(written, Syntax.JSON, "written.json", "written.json"));

        assertThat(reread).isEqualTo(original);
    }

    @Test
    void writes_secrets_as_their_environment_references_never_their_values() {
        String written = documents.write(valid(documents.readFile(ORIGINAL)));

        assertThat(written)
                .contains("\"apiKey\": \"${TWITTER_API_KEY_SAFFRON}\"")
                .contains("\"accessTokenSecret\": \"${TWITTER_ACCESS_TOKEN_SECRET_SAFFRON}\"")
                .doesNotContain("consumer-key-1234", "consumer-secret-5678", "access-token-9012", "access-secret-3456");
    }

    @Test
    void writes_the_sample_personas_back_to_equal_personas() throws IOException {
        for (FileResult sample :
                documents.readDirectory(Path.of("config/agents")).files()) {
            PersonaSpec persona = valid(sample);
            String written = documents.write(persona);
            assertThat(valid(documents.read(written, Syntax.JSON, "w.json", sample.file())))
                    .as(sample.file())
                    .isEqualTo(persona);
        }
    }

    @Test
    void writes_snake_case_keys_of_the_original_format() {
        String written = documents.write(valid(documents.readFile(ORIGINAL)));

        assertThat(written)
                .contains("\"custom_system_prompt\"", "\"rotating_system_prompts\"", "\"min_hours_between_posts\": 1.5")
                .contains("\"max_hours_between_posts\": 8", "\"trading_behavior\"", "\"is_active\": true")
                .doesNotContain("\"customSystemPrompt\"", "\"minHoursBetweenPosts\"");
    }
}
