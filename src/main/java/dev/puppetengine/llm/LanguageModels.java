package dev.puppetengine.llm;

import dev.puppetengine.persona.PersonaSpec;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the model that serves a persona: the provider its {@code llm_provider} names when that provider is
 * configured (has its key), otherwise the offline composer. Thread-safe.
 */
public final class LanguageModels {

    private static final Logger log = LoggerFactory.getLogger(LanguageModels.class);

    private final Map<String, LanguageModel> providers;
    private final LanguageModel offline;
    private final Set<String> warnedUnconfigured = ConcurrentHashMap.newKeySet();

    /**
     * @param providers configured providers by name (lowercase), e.g. {@code openai}, {@code anthropic}
     * @param offline the offline composer, used for {@code llm_provider: offline} and when no provider is configured
     */
    public LanguageModels(Map<String, LanguageModel> providers, LanguageModel offline) {
        this.providers = Map.copyOf(providers);
        this.offline = offline;
        if (this.providers.isEmpty()) {
            log.info("no LLM provider key configured: every persona uses the offline composer (not a language model)");
        } else {
            log.info("LLM providers configured: {}", new TreeSet<>(this.providers.keySet()));
        }
    }

    public static LanguageModels offlineOnly(LanguageModel offline) {
        return new LanguageModels(Map.of(), offline);
    }

    public LanguageModel forPersona(PersonaSpec persona) {
        String provider = persona.llmProvider().strip().toLowerCase(Locale.ROOT);
        if (provider.isEmpty() || provider.equals("offline")) {
            return offline;
        }
        LanguageModel model = providers.get(provider);
        if (model != null) {
            return model;
        }
        if (warnedUnconfigured.add(persona.id().value())) {
            log.info(
                    "persona {} asks for provider '{}', which has no key configured: using the offline composer",
                    persona.id(),
                    provider);
        }
        return offline;
    }

    public LanguageModel offline() {
        return offline;
    }

    /** The configured provider names, sorted. */
    public Set<String> providerNames() {
        return new TreeSet<>(providers.keySet());
    }
}
