package dev.puppetengine.llm;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The LLM layer's settings, prefix {@code puppet.llm}: providers (a provider with no key is not configured and its
 * personas use the offline composer), an optional fallback provider, retry and circuit settings, the price table in
 * USD per million tokens by model name, daily budgets (0 = unlimited) by default and per persona, and whether
 * prompts and raw answers are logged at DEBUG.
 */
@ConfigurationProperties("puppet.llm")
public record LlmProperties(
        @Nullable Map<String, Provider> providers,
        @Nullable String fallback,
        @Nullable Resilience resilience,
        @Nullable Map<String, Price> prices,
        @Nullable Budget budget,
        @Nullable Map<String, Budget> personaBudgets,
        boolean logPrompts) {

    public LlmProperties {
        providers = providers == null ? Map.of() : deduplicated("providers", providers);
        prices = prices == null ? Map.of() : deduplicated("prices", prices);
        personaBudgets = personaBudgets == null ? Map.of() : deduplicated("persona-budgets", personaBudgets);
        fallback =
                fallback == null || fallback.isBlank() ? null : fallback.strip().toLowerCase(Locale.ROOT);
        resilience = resilience == null ? new Resilience(0, null, null, 0, null) : resilience;
        budget = budget == null ? Budget.UNLIMITED : budget;
    }

    public static LlmProperties defaults() {
        return new LlmProperties(null, null, null, null, null, null, false);
    }

    public Map<String, Provider> providerMap() {
        return providers == null ? Map.of() : providers;
    }

    public Map<String, Price> priceTable() {
        return prices == null ? Map.of() : prices;
    }

    public Resilience resilienceSettings() {
        return resilience == null ? new Resilience(0, null, null, 0, null) : resilience;
    }

    public Budget defaultBudget() {
        return budget == null ? Budget.UNLIMITED : budget;
    }

    /** The budget of one persona: its own entry (its id compared by {@link #looseKey}), else the default. */
    public Budget budgetFor(String personaId) {
        Map<String, Budget> own = personaBudgets == null ? Map.of() : personaBudgets;
        String wanted = looseKey(personaId);
        return own.entrySet().stream()
                .filter(e -> looseKey(e.getKey()).equals(wanted))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(defaultBudget());
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
        providerMap().forEach((name, provider) -> {
            if (provider.isConfigured()) {
                result.put(name.toLowerCase(Locale.ROOT), provider.settings(name.toLowerCase(Locale.ROOT)));
            }
        });
        return result;
    }

    /**
     * One provider. {@code type} is {@code openai} (any OpenAI-compatible server) or {@code anthropic};
     * {@code structured} is {@code json-schema}, {@code json-mode} or {@code prompt}.
     */
    public record Provider(
            @Nullable String type,
            @Nullable String baseUrl,
            @Nullable String apiKey,
            @Nullable String model,
            @Nullable Duration timeout,
            @Nullable String structured,
            @Nullable Boolean requiresKey) {

        boolean isConfigured() {
            boolean hasKey = apiKey != null && !apiKey.isBlank();
            boolean keyless = Boolean.FALSE.equals(requiresKey) && baseUrl != null && !baseUrl.isBlank();
            return hasKey || keyless;
        }

        ProviderSettings settings(String name) {
            ProviderSettings.Kind kind = "anthropic".equalsIgnoreCase(type)
                    ? ProviderSettings.Kind.ANTHROPIC
                    : ProviderSettings.Kind.OPENAI_COMPATIBLE;
            return new ProviderSettings(
                    name,
                    kind,
                    baseUrl == null ? "" : baseUrl.strip(),
                    apiKey == null ? "" : apiKey.strip(),
                    model == null ? "" : model.strip(),
                    timeout == null ? Duration.ofSeconds(60) : timeout,
                    structured == null
                            ? (kind == ProviderSettings.Kind.ANTHROPIC ? "prompt" : "json-schema")
                            : structured);
        }
    }

    /** Retries per call (attempts include the first), backoff base, the longest wait honoured, circuit settings. */
    public record Resilience(
            int maxAttempts,
            @Nullable Duration backoff,
            @Nullable Duration maxWait,
            int circuitMinimumCalls,
            @Nullable Duration circuitOpenFor) {

        public ResilientLanguageModel.Settings settings() {
            var d = ResilientLanguageModel.Settings.DEFAULTS;
            return new ResilientLanguageModel.Settings(
                    maxAttempts > 0 ? maxAttempts : d.maxAttempts(),
                    backoff != null ? backoff : d.backoff(),
                    maxWait != null ? maxWait : d.maxWait(),
                    d.circuitWindow(),
                    circuitMinimumCalls > 0 ? circuitMinimumCalls : d.circuitMinimumCalls(),
                    d.circuitFailureRate(),
                    circuitOpenFor != null ? circuitOpenFor : d.circuitOpenFor());
        }
    }

    /** USD per million tokens; {@code cached} applies to the cached part of the input. */
    public record Price(double input, double output, double cached) {}

    /** Daily limits of one persona; 0 means no limit. */
    public record Budget(long dailyTokens, double dailyCostUsd) {
        public static final Budget UNLIMITED = new Budget(0, 0);
    }
}
