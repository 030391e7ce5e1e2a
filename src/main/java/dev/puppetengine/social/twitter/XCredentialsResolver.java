package dev.puppetengine.social.twitter;

import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.PersonaSpec.OAuth1Credentials;
import dev.puppetengine.persona.PersonaSpec.OAuth2Credentials;
import dev.puppetengine.persona.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Which X credentials a persona uses live (the one place that decides it): its own {@code twitter_credentials} from
 * the persona file, else the default account from {@code TWITTER_API_KEY}, {@code TWITTER_API_KEY_SECRET},
 * {@code TWITTER_ACCESS_TOKEN} and {@code TWITTER_ACCESS_TOKEN_SECRET} when all four are set (the original engine's
 * behaviour), else none, with the reason. Never puts a secret in a reason.
 */
public final class XCredentialsResolver {

    /** The default account's environment variables, in the order of {@link OAuth1Credentials}' fields. */
    public static final List<String> DEFAULT_ACCOUNT_VARIABLES =
            List.of("TWITTER_API_KEY", "TWITTER_API_KEY_SECRET", "TWITTER_ACCESS_TOKEN", "TWITTER_ACCESS_TOKEN_SECRET");

    /** Where a persona's credentials came from. */
    public enum Source {
        PERSONA_FILE,
        DEFAULT_ACCOUNT;

        public String describe() {
            return this == PERSONA_FILE ? "the persona file" : "the default account (TWITTER_* environment variables)";
        }
    }

    /** What the persona uses live. */
    public sealed interface Resolution permits Resolved, Missing {}

    public record Resolved(OAuth1Credentials credentials, Source source) implements Resolution {}

    /** No usable credentials; {@code reason} says what to set. */
    public record Missing(String reason) implements Resolution {}

    private final @Nullable OAuth1Credentials defaultAccount;
    private final List<String> defaultAccountMissing;

    /** @param environment a variable's value, or null when it is not set */
    public XCredentialsResolver(Function<String, @Nullable String> environment) {
        List<Secret> values = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String variable : DEFAULT_ACCOUNT_VARIABLES) {
            String value = environment.apply(variable);
            if (value == null || value.isBlank()) {
                missing.add(variable);
            } else {
                values.add(new Secret("${" + variable + "}", value.strip()));
            }
        }
        this.defaultAccountMissing = List.copyOf(missing);
        this.defaultAccount = missing.isEmpty()
                ? new OAuth1Credentials(values.get(0), values.get(1), values.get(2), values.get(3))
                : null;
    }

    public Resolution resolve(PersonaSpec persona) {
        return switch (persona.twitterCredentials()) {
            case OAuth1Credentials own -> new Resolved(own, Source.PERSONA_FILE);
            case OAuth2Credentials ignored ->
                new Missing("persona '" + persona.id() + "' has OAuth 2.0 twitter_credentials, which live mode does"
                        + " not support yet: use OAuth 1.0a (api_key, api_key_secret, access_token,"
                        + " access_token_secret)");
            case null -> fromDefaultAccount(persona);
        };
    }

    private Resolution fromDefaultAccount(PersonaSpec persona) {
        OAuth1Credentials account = defaultAccount;
        if (account != null) {
            return new Resolved(account, Source.DEFAULT_ACCOUNT);
        }
        String why = defaultAccountMissing.size() == DEFAULT_ACCOUNT_VARIABLES.size()
                ? "no default account is set (" + String.join(", ", DEFAULT_ACCOUNT_VARIABLES) + ")"
                : "the default account is incomplete: " + String.join(", ", defaultAccountMissing) + " not set";
        return new Missing("persona '" + persona.id() + "' has no twitter_credentials in its file and "
                + Objects.requireNonNull(why));
    }
}
