package dev.puppetengine.llm;

import dev.puppetengine.persona.Secret;
import dev.puppetengine.shared.SettingDefaults;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The LLM layer's settings, prefix {@code puppet.llm}: providers (a provider with no key is not configured and its
 * personas use the offline composer), an optional fallback provider, retry and circuit settings, the price table in
 * USD per million tokens by model name, daily budgets (0 = unlimited) by default and per persona, and whether
 * prompts and raw answers are logged at DEBUG.
 */
@Validated
@ConfigurationProperties("puppet.llm")
public record LlmProperties(
        @DefaultValue @Valid Map<String, Provider> providers,
        @DefaultValue("") String fallback,
        @DefaultValue @Valid Resilience resilience,
        @DefaultValue @Valid Map<String, Price> prices,
        @DefaultValue @Valid Budget budget,
        @DefaultValue @Valid Map<String, Budget> personaBudgets,
        @DefaultValue("false") boolean logPrompts) {

    public LlmProperties {
        providers = deduplicated("providers", Objects.requireNonNull(providers, "puppet.llm.providers"));
        prices = deduplicated("prices", Objects.requireNonNull(prices, "puppet.llm.prices"));
        personaBudgets =
                deduplicated("persona-budgets", Objects.requireNonNull(personaBudgets, "puppet.llm.persona-budgets"));
        fallback = fallback.strip().toLowerCase(Locale.ROOT);
        Objects.requireNonNull(resilience, "puppet.llm.resilience");
        Objects.requireNonNull(budget, "puppet.llm.budget");
    }

    /** The settings when nothing is configured: no provider, no fallback, default resilience, no limits. */
    public static LlmProperties defaults() {
        return SettingDefaults.of(LlmProperties.class);
    }

    /** The price table (USD per million tokens) by model name. */
    public Map<String, Price> priceTable() {
        return prices;
    }

    /** The fallback provider's name, empty when there is none. */
    public String fallbackProvider() {
        return fallback;
    }

    /** The budget of one persona: its own entry (its id compared by {@link #looseKey}), else the default. */
    public Budget budgetFor(String personaId) {
        String wanted = looseKey(personaId);
        return personaBudgets.entrySet().stream()
                .filter(e -> looseKey(e.getKey()).equals(wanted))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(budget);
    }

    /**
     * A map key as compared here: lower case, letters and digits only. Spring binds the environment variable
     * {@code PUPPET_LLM_PERSONABUDGETS_NEWSBOT_DAILYTOKENS} as the key {@code newsbot}, which so names news-bot.
     */
    static String looseKey(String key) {
        StringBuilder loose = new StringBuilder(key.length());
        key.toLowerCase(Locale.ROOT)
                .codePoints()
                .filter(Character::isLetterOrDigit)
                .forEach(loose::appendCodePoint);
        return loose.toString();
    }

    /**
     * One entry per {@link #looseKey}, under its longest spelling. A key set in application.yml and again from the
     * environment arrives twice ({@code gpt-4o-mini} and {@code gpt4omini}) with the same bound values; two spellings
     * that bind different values are an error naming both.
     */
    private static <V> Map<String, V> deduplicated(String property, Map<String, V> entries) {
        Map<String, Map.Entry<String, V>> byLooseKey = new TreeMap<>();
        for (var entry : entries.entrySet()) {
            var known = byLooseKey.get(looseKey(entry.getKey()));
            if (known == null) {
                byLooseKey.put(looseKey(entry.getKey()), entry);
            } else if (!known.getValue().equals(entry.getValue())) {
                throw new IllegalArgumentException("puppet.llm." + property + "." + known.getKey() + " and puppet.llm."
                        + property + "." + entry.getKey() + " name the same entry with different values; keep one"
                        + " (a key with dots needs [brackets] in YAML and is better written without them)");
            } else if (entry.getKey().length() > known.getKey().length()) {
                byLooseKey.put(looseKey(entry.getKey()), entry);
            }
        }
        Map<String, V> result = new TreeMap<>();
        byLooseKey.values().forEach(e -> result.put(e.getKey(), e.getValue()));
        return Map.copyOf(result);
    }

    /** The providers that can be called: those with a key, or a base URL when they need no key (Ollama). */
    public Map<String, ProviderSettings> configuredProviders() {
        Map<String, ProviderSettings> result = new TreeMap<>();
        providers.forEach((name, provider) -> {
            if (provider.isConfigured()) {
                result.put(name.toLowerCase(Locale.ROOT), provider.settings(name.toLowerCase(Locale.ROOT)));
            }
        });
        return result;
    }

    /** What a provider speaks: the OpenAI chat completions API (any compatible server) or Anthropic's messages API. */
    public enum ProviderType {
        OPENAI,
        ANTHROPIC
    }

    /** How a provider is asked for structured answers: a JSON schema, plain JSON mode, or a template in the prompt. */
    public enum StructuredMode {
        JSON_SCHEMA,
        JSON_MODE,
        PROMPT;

        /** The spelling in configuration and in {@link ProviderSettings#structuredMode()}: {@code json-schema}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One provider. {@code type} is {@code openai} (any OpenAI-compatible server, the default) or {@code anthropic};
     * {@code structured} is {@code json-schema}, {@code json-mode} or {@code prompt} (unset: {@code prompt} for
     * anthropic, {@code json-schema} otherwise). The API key is a {@link Secret}: never printed.
     */
    public record Provider(
            @DefaultValue("openai") ProviderType type,
            @DefaultValue("") String baseUrl,
            @DefaultValue("") Secret apiKey,
            @DefaultValue("") String model,
            @DefaultValue("60s") Duration timeout,
            StructuredMode structured,
            @DefaultValue("true") boolean requiresKey) {

        public Provider {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(timeout, "timeout");
            baseUrl = baseUrl.strip();
            model = model.strip();
            apiKey = apiKey == null ? NO_KEY : apiKey;
            if (structured == null) {
                structured = type == ProviderType.ANTHROPIC ? StructuredMode.PROMPT : StructuredMode.JSON_SCHEMA;
            }
        }

        boolean isConfigured() {
            boolean hasKey = !apiKey.value().isBlank();
            boolean keyless = !requiresKey && !baseUrl.isBlank();
            return hasKey || keyless;
        }

        ProviderSettings settings(String name) {
            ProviderSettings.Kind kind = switch (type) {
                case OPENAI -> ProviderSettings.Kind.OPENAI_COMPATIBLE;
                case ANTHROPIC -> ProviderSettings.Kind.ANTHROPIC;
            };
            return new ProviderSettings(
                    name, kind, baseUrl, apiKey.value().strip(), model, timeout, structured.wireName());
        }
    }

    private static final Secret NO_KEY = Secret.of("");

    /** Retries per call (attempts include the first), backoff base, the longest wait honoured, circuit settings. */
    public record Resilience(
            @DefaultValue("3") @Min(1) int maxAttempts,
            @DefaultValue("1s") Duration backoff,
            @DefaultValue("60s") Duration maxWait,
            @DefaultValue("5") @Min(1) int circuitMinimumCalls,
            @DefaultValue("60s") Duration circuitOpenFor) {

        /** The {@code @DefaultValue}s above, bound from nothing. */
        public static final Resilience DEFAULTS = SettingDefaults.of(Resilience.class);

        public Resilience {
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(maxWait, "maxWait");
            Objects.requireNonNull(circuitOpenFor, "circuitOpenFor");
        }

        public ResilientLanguageModel.Settings settings() {
            return new ResilientLanguageModel.Settings(
                    maxAttempts,
                    backoff,
                    maxWait,
                    ResilientLanguageModel.Settings.CIRCUIT_WINDOW,
                    circuitMinimumCalls,
                    ResilientLanguageModel.Settings.CIRCUIT_FAILURE_RATE,
                    circuitOpenFor);
        }
    }

    /** USD per million tokens; {@code cached} applies to the cached part of the input. */
    public record Price(
            @PositiveOrZero double input,
            @PositiveOrZero double output,
            @PositiveOrZero double cached) {}

    /** Daily limits of one persona; 0 means no limit. */
    public record Budget(
            @DefaultValue("0") @PositiveOrZero long dailyTokens,
            @DefaultValue("0") @PositiveOrZero double dailyCostUsd) {
        public static final Budget UNLIMITED = new Budget(0, 0);
    }
}
