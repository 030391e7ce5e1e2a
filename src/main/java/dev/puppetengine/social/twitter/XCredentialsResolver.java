package dev.puppetengine.social.twitter;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.PersonaSpec.OAuth1Credentials;
import dev.puppetengine.persona.PersonaSpec.OAuth2Credentials;
import dev.puppetengine.persona.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Which X credentials a persona uses live (the one place that decides it): its own {@code twitter_credentials} from
 * the persona file (OAuth 1.0a keys, or an OAuth 2.0 client id and refresh token), else the OAuth 2.0 token that
 * {@code ./puppet x-login PERSONA} stored, else the default account from {@code TWITTER_API_KEY},
 * {@code TWITTER_API_KEY_SECRET}, {@code TWITTER_ACCESS_TOKEN} and {@code TWITTER_ACCESS_TOKEN_SECRET} when all four
 * are set (the original engine's behaviour), else none, with the reason. Never puts a secret in a reason.
 */
public final class XCredentialsResolver {

    /** The default account's environment variables, in the order of {@link OAuth1Credentials}' fields. */
    public static final List<String> DEFAULT_ACCOUNT_VARIABLES =
            List.of("TWITTER_API_KEY", "TWITTER_API_KEY_SECRET", "TWITTER_ACCESS_TOKEN", "TWITTER_ACCESS_TOKEN_SECRET");

    /** Where a persona's credentials came from. */
    public enum Source {
        PERSONA_FILE,
        X_LOGIN,
        DEFAULT_ACCOUNT;

        public String describe() {
            return switch (this) {
                case PERSONA_FILE -> "the persona file";
                case X_LOGIN -> "the OAuth 2.0 token stored by ./puppet x-login";
                case DEFAULT_ACCOUNT -> "the default account (TWITTER_* environment variables)";
            };
        }
    }

    /** What the persona uses live. */
    public sealed interface Resolution permits Resolved, UserToken, Missing {}

    /** OAuth 1.0a keys. */
    public record Resolved(OAuth1Credentials credentials, Source source) implements Resolution {}

    /**
     * OAuth 2.0 user context: the token stored for the persona ({@link XOAuth2AccessTokens}); {@code seed} is the
     * persona file's client id and refresh token, used once when nothing is stored yet.
     */
    public record UserToken(PersonaId persona, @Nullable OAuth2Credentials seed, Source source) implements Resolution {}

    /** No usable credentials; {@code reason} says what to set. */
    public record Missing(String reason) implements Resolution {}

    private final @Nullable OAuth1Credentials defaultAccount;
    private final List<String> defaultAccountMissing;
    private final Predicate<PersonaId> hasStoredToken;

    /** @param environment a variable's value, or null when it is not set */
    public XCredentialsResolver(Function<String, @Nullable String> environment) {
        this(environment, persona -> false);
    }

    /**
     * @param environment a variable's value, or null when it is not set
     * @param hasStoredToken whether {@code x-login} stored an OAuth 2.0 token for a persona
     */
    public XCredentialsResolver(Function<String, @Nullable String> environment, Predicate<PersonaId> hasStoredToken) {
        this.hasStoredToken = hasStoredToken;
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
            case OAuth2Credentials own -> new UserToken(persona.id(), own, Source.PERSONA_FILE);
            case null ->
                hasStoredToken.test(persona.id())
                        ? new UserToken(persona.id(), null, Source.X_LOGIN)
                        : fromDefaultAccount(persona);
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
        return new Missing("persona '" + persona.id() + "' has no twitter_credentials in its file, no OAuth 2.0 token"
                + " (./puppet x-login " + persona.id() + ") and " + Objects.requireNonNull(why));
    }
}
