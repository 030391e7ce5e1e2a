package dev.puppetengine.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.puppetengine.event.EventProperties;
import dev.puppetengine.llm.LlmProperties;
import dev.puppetengine.llm.PriceTable;
import dev.puppetengine.llm.TokenUsage;
import dev.puppetengine.memory.MemoryProperties;
import dev.puppetengine.social.sandbox.SandboxProperties;
import dev.puppetengine.social.twitter.TwitterProperties;
import dev.puppetengine.social.twitter.XOAuth2Properties;
import dev.puppetengine.web.security.WebSecurityProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Every map-valued setting (sandbox rate limits, prices, persona budgets, providers) set by environment variables,
 * bound as the application binds them: application.yml plus an environment with Spring's relaxed rules.
 */
class EnvironmentSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({
        SandboxProperties.class,
        LlmProperties.class,
        MemoryProperties.class,
        EngineProperties.class,
        EventProperties.class,
        TwitterProperties.class,
        XOAuth2Properties.class,
        WebSecurityProperties.class
    })
    static class Settings {}

    private static ConfigurableApplicationContext startWith(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        SpringApplication application = new SpringApplication(Settings.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setEnvironment(environment);
        return application.run();
    }

    @Test
    void sandbox_rate_limits_are_set_by_environment_variables() {
        try (var context = startWith(Map.of(
                "PUPPET_SANDBOX_RATELIMITS_CREATEPOST_REQUESTS", "3",
                "PUPPET_SANDBOX_RATELIMITS_CREATEPOST_WINDOW", "2m",
                "PUPPET_SANDBOX_RATELIMITS_SEARCHRECENT_REQUESTS", "9",
                "PUPPET_SANDBOX_RATELIMITS_LIKE_WINDOW", "1m"))) {
            var limits = context.getBean(SandboxProperties.class).rateLimits();

            assertThat(limits)
                    .containsOnlyKeys("create-post", "mentions", "search-recent", "like")
                    .containsEntry("create-post", new SandboxProperties.Limit(3, Duration.ofMinutes(2)))
                    .containsEntry("mentions", new SandboxProperties.Limit(75, Duration.ofMinutes(15)))
                    .containsEntry("search-recent", new SandboxProperties.Limit(9, null))
                    .containsEntry("like", new SandboxProperties.Limit(null, Duration.ofMinutes(1)));
        }
    }

    @Test
    void an_unknown_endpoint_still_stops_the_engine_with_the_known_ones() {
        assertThatThrownBy(() -> startWith(Map.of("PUPPET_SANDBOX_RATELIMITS_CREATEPOSTS_REQUESTS", "3")))
                .rootCause()
                .hasMessageContaining("puppet.sandbox.rate-limits.createposts: unknown endpoint")
                .hasMessageContaining("create-post, delete-post");
    }

    @Test
    void prices_are_set_by_environment_variables_for_known_and_new_models() {
        try (var context = startWith(Map.of(
                "PUPPET_LLM_PRICES_GPT4OMINI_INPUT", "2",
                "PUPPET_LLM_PRICES_GPT41MINI_OUTPUT", "4",
                "PUPPET_LLM_PRICES_MYMODEL_INPUT", "1",
                "PUPPET_LLM_PRICES_MYMODEL_CACHED", "0.5",
                "PUPPET_LLM_PRICES_MYMODEL_OUTPUT", "3"))) {
            var prices = context.getBean(LlmProperties.class).priceTable();
            var table = new PriceTable(prices);
            var million = new TokenUsage(1_000_000, 0, 0);

            assertThat(prices)
                    .containsEntry("gpt-4o-mini", new LlmProperties.Price(2, 0.60, 0.075))
                    .containsEntry("gpt-4-1-mini", new LlmProperties.Price(0.40, 4, 0.10))
                    .containsEntry("mymodel", new LlmProperties.Price(1, 3, 0.5))
                    .doesNotContainKeys("gpt4omini", "gpt41mini");
            assertThat(table.costUsd("gpt-4o-mini-2024-07-18", million)).isEqualTo(2);
            assertThat(table.costUsd("gpt-4.1-mini-2025-04-14", million)).isEqualTo(0.40);
            assertThat(table.costUsd("my-model-7b", million)).isEqualTo(1);
        }
    }

    @Test
    void persona_budgets_are_set_by_environment_variables_for_ids_with_dashes() {
        try (var context = startWith(Map.of(
                "PUPPET_LLM_PERSONABUDGETS_NEWSBOT_DAILYTOKENS", "5000",
                "PUPPET_LLM_PERSONABUDGETS_NEWSBOT_DAILYCOSTUSD", "0.25",
                "PUPPET_LLM_PERSONABUDGETS_ADA_DAILYTOKENS", "700",
                "PUPPET_LLM_DAILY_TOKENS", "90000"))) {
            var properties = context.getBean(LlmProperties.class);

            assertThat(properties.budgetFor("news-bot")).isEqualTo(new LlmProperties.Budget(5000, 0.25));
            assertThat(properties.budgetFor("ada")).isEqualTo(new LlmProperties.Budget(700, 0));
            assertThat(properties.budgetFor("juniper")).isEqualTo(new LlmProperties.Budget(90000, 0));
        }
    }

    @Test
    void providers_are_set_by_environment_variables() {
        try (var context = startWith(Map.of(
                "OPENAI_API_KEY", "sk-test",
                "PUPPET_LLM_PROVIDERS_OPENAI_MODEL", "gpt-4.1-mini",
                "PUPPET_LLM_PROVIDERS_LOCALVLLM_TYPE", "openai",
                "PUPPET_LLM_PROVIDERS_LOCALVLLM_BASEURL", "http://127.0.0.1:8000/v1",
                "PUPPET_LLM_PROVIDERS_LOCALVLLM_MODEL", "qwen3",
                "PUPPET_LLM_PROVIDERS_LOCALVLLM_REQUIRESKEY", "false"))) {
            var providers = context.getBean(LlmProperties.class).configuredProviders();

            assertThat(providers).containsOnlyKeys("openai", "localvllm");
            assertThat(providers)
                    .hasEntrySatisfying(
                            "openai", openai -> assertThat(openai.model()).isEqualTo("gpt-4.1-mini"))
                    .hasEntrySatisfying(
                            "localvllm", vllm -> assertThat(vllm.baseUrl()).isEqualTo("http://127.0.0.1:8000/v1"));
        }
    }

    private static LlmProperties.Provider provider(LlmProperties llm, String name) {
        return java.util.Objects.requireNonNull(llm.providers().get(name), name);
    }

    @Test
    void closed_choices_are_set_by_environment_variables() {
        try (var context = startWith(Map.of(
                "PUPPET_LLM_PROVIDERS_CLAUDE_TYPE", "anthropic",
                "PUPPET_LLM_PROVIDERS_CLAUDE_APIKEY", "sk-ant-test",
                "PUPPET_LLM_PROVIDERS_CLAUDE_BASEURL", "http://127.0.0.1:9/v1/",
                "PUPPET_LLM_PROVIDERS_CLAUDE_MODEL", "claude-haiku-4-5",
                "PUPPET_LLM_PROVIDERS_OPENAI_STRUCTURED", "json-mode",
                "PUPPET_MEMORY_EMBEDDER", "hashing"))) {
            var llm = context.getBean(LlmProperties.class);

            assertThat(provider(llm, "claude"))
                    .extracting(LlmProperties.Provider::type, LlmProperties.Provider::structured)
                    .containsExactly(LlmProperties.ProviderType.ANTHROPIC, LlmProperties.StructuredMode.PROMPT);
            assertThat(provider(llm, "openai").structured()).isEqualTo(LlmProperties.StructuredMode.JSON_MODE);
            assertThat(provider(llm, "openrouter").structured()).isEqualTo(LlmProperties.StructuredMode.JSON_MODE);
            assertThat(context.getBean(MemoryProperties.class).embedder())
                    .isEqualTo(MemoryProperties.EmbedderKind.HASHING);
        }
    }

    @Test
    void provider_api_keys_are_secrets_that_never_print() {
        try (var context = startWith(Map.of("OPENAI_API_KEY", "sk-live-0123456789"))) {
            var llm = context.getBean(LlmProperties.class);

            assertThat(provider(llm, "openai").apiKey().value()).isEqualTo("sk-live-0123456789");
            assertThat(llm.toString()).doesNotContain("sk-live").contains("[redacted]");
            assertThat(java.util.Objects.requireNonNull(
                                    llm.configuredProviders().get("openai"))
                            .toString())
                    .doesNotContain("sk-live");
        }
    }

    @Test
    void application_yml_states_the_same_defaults_as_the_settings_records() {
        try (var context = startWith(Map.of())) {
            assertThat(context.getBean(MemoryProperties.class)).isEqualTo(MemoryProperties.DEFAULTS);
            assertThat(context.getBean(EngineProperties.class)).isEqualTo(SettingDefaults.of(EngineProperties.class));
            assertThat(context.getBean(TwitterProperties.class)).isEqualTo(SettingDefaults.of(TwitterProperties.class));
            assertThat(context.getBean(XOAuth2Properties.class)).isEqualTo(SettingDefaults.of(XOAuth2Properties.class));
            assertThat(context.getBean(EventProperties.class)).isEqualTo(SettingDefaults.of(EventProperties.class));
            assertThat(context.getBean(WebSecurityProperties.class))
                    .isEqualTo(SettingDefaults.of(WebSecurityProperties.class));
            assertThat(context.getBean(LlmProperties.class).resilience()).isEqualTo(LlmProperties.Resilience.DEFAULTS);
            assertThat(LlmProperties.defaults().providers()).isEmpty();
            assertThat(LlmProperties.defaults().resilience()).isEqualTo(LlmProperties.Resilience.DEFAULTS);
        }
    }

    @Test
    void the_x_login_client_and_token_key_are_set_by_environment_variables_and_never_print() {
        try (var context = startWith(Map.of(
                "PUPPET_X_OAUTH2_CLIENTID", "client-1",
                "PUPPET_X_OAUTH2_CLIENTSECRET", "client-s3cret",
                "PUPPET_TOKEN_KEY", "a2V5LWJ5dGVz"))) {
            XOAuth2Properties oauth2 = context.getBean(XOAuth2Properties.class);
            assertThat(oauth2.clientId()).isEqualTo("client-1");
            assertThat(oauth2.clientSecret()).isEqualTo("client-s3cret");
            assertThat(oauth2.tokenKey()).isEqualTo("a2V5LWJ5dGVz");
            assertThat(oauth2.toString()).doesNotContain("client-s3cret", "a2V5LWJ5dGVz");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "PUPPET_LLM_PROVIDERS_OPENAI_TYPE | gemini"
                        + " | puppet.llm.providers.openai.type: must be one of openai, anthropic (was 'gemini')",
                "PUPPET_LLM_PROVIDERS_GROK_STRUCTURED | xml"
                        + " | puppet.llm.providers.grok.structured: must be one of json-schema, json-mode, prompt"
                        + " (was 'xml')",
                "PUPPET_MEMORY_EMBEDDER | bert | puppet.memory.embedder: must be one of minilm, hashing (was 'bert')",
                "PUPPET_LLM_RESILIENCE_MAXATTEMPTS | 0"
                        + " | puppet.llm.resilience.max-attempts: must be greater than or equal to 1",
                "PUPPET_MEMORY_RECALLK | -2 | puppet.memory.recall-k: must be greater than 0",
                "PUPPET_MODE | cloud | puppet.mode: must be one of sandbox, live (was 'cloud')",
                "PUPPET_EVENTS_MAXATTEMPTS | 0 | puppet.events.max-attempts: must be greater than or equal to 1",
                "PUPPET_LLM_BUDGET_DAILYTOKENS | -5"
                        + " | puppet.llm.budget.daily-tokens: must be greater than or equal to 0",
            })
    void a_bad_value_stops_the_engine_with_one_line_naming_the_key_and_what_it_accepts(
            String variable, String value, String line) {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> startWith(Map.of(variable, value)));

        assertThat(failure).isNotNull();
        assertThat(SettingFailures.describe(failure)).isEqualTo(line);
        var analysis = java.util.Objects.requireNonNull(new SettingFailureAnalyzer().analyze(failure));
        assertThat(analysis.getDescription()).isEqualTo(line);
    }
}
