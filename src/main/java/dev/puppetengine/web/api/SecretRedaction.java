package dev.puppetengine.web.api;

import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.PersonaSpec.Behaviour;
import dev.puppetengine.persona.PersonaSpec.OAuth1Credentials;
import dev.puppetengine.persona.PersonaSpec.OAuth2Credentials;
import dev.puppetengine.persona.PersonaSpec.TwitterCredentials;
import dev.puppetengine.persona.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A persona's configuration as an operator may see it: every {@link Secret} replaced by its redacted form, and in the
 * free-form trading blocks every value under a key that names a secret ({@code private_key}, {@code apiKey},
 * {@code *_secret}, {@code password}, {@code seed_phrase}, ...) replaced by {@link Secret#REDACTED} unless it is an
 * {@code ${ENV}} reference.
 */
final class SecretRedaction {

    private static final List<String> SECRET_KEY_ENDINGS = List.of(
            "apikey",
            "secret",
            "secretkey",
            "privatekey",
            "password",
            "passphrase",
            "seedphrase",
            "mnemonic",
            "accesstoken",
            "refreshtoken",
            "authtoken",
            "apitoken",
            "bearertoken",
            "keypair");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*}");

    private SecretRedaction() {}

    static PersonaSpec redact(PersonaSpec persona) {
        Behaviour behaviour = persona.behaviour();
        return new PersonaSpec(
                persona.id(),
                persona.name(),
                persona.description(),
                persona.llmProvider(),
                persona.llmConfig(),
                redact(persona.twitterCredentials()),
                persona.customSystemPrompt(),
                persona.rotatingSystemPrompts(),
                persona.personality(),
                persona.styleGuide(),
                persona.initialMemory(),
                new Behaviour(
                        behaviour.postFrequency(),
                        behaviour.interactionPatterns(),
                        behaviour.contentPreferences(),
                        redactMap(behaviour.tradingBehavior()),
                        redactMap(behaviour.solanaIntegration()),
                        redactMap(behaviour.agentKitIntegration())),
                persona.postProcessing(),
                persona.examples(),
                persona.active());
    }

    private static @Nullable TwitterCredentials redact(@Nullable TwitterCredentials credentials) {
        if (credentials == null) {
            return null;
        }
        return switch (credentials) {
            case OAuth1Credentials c ->
                new OAuth1Credentials(
                        redact(c.apiKey()),
                        redact(c.apiKeySecret()),
                        redact(c.accessToken()),
                        redact(c.accessTokenSecret()));
            case OAuth2Credentials c -> new OAuth2Credentials(c.clientId(), redact(c.refreshToken()));
        };
    }

    private static Secret redact(Secret secret) {
        return new Secret(secret.redacted(), secret.redacted());
    }

    private static Map<String, Object> redactMap(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(key, Objects.requireNonNull(redactValue(key, value))));
        return copy;
    }

    private static @Nullable Object redactValue(String key, @Nullable Object value) {
        if (value instanceof Map<?, ?> nested) {
            Map<String, @Nullable Object> copy = new LinkedHashMap<>();
            nested.forEach((k, v) -> copy.put(String.valueOf(k), redactValue(String.valueOf(k), v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<@Nullable Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(redactValue(key, item)));
            return copy;
        }
        if (value != null
                && namesSecret(key)
                && !(value instanceof String text && ENV_REFERENCE.matcher(text).matches())) {
            return Secret.REDACTED;
        }
        return value;
    }

    static boolean namesSecret(String key) {
        String normalised = key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        return SECRET_KEY_ENDINGS.stream().anyMatch(normalised::endsWith);
    }
}
