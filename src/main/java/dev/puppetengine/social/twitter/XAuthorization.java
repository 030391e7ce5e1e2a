package dev.puppetengine.social.twitter;

import java.net.URI;

/**
 * The {@code Authorization} header of one X API request: OAuth 1.0a user context ({@link OAuth1Signer}) or an OAuth
 * 2.0 user access token ({@code Bearer}, from {@link XOAuth2AccessTokens}). Called once per request, so a bearer
 * token is refreshed before it expires. The header is a secret: never logged.
 */
@FunctionalInterface
public interface XAuthorization {

    String header(String method, URI uri);

    /** OAuth 2.0 user context for one persona: a fresh access token on every request. */
    static XAuthorization bearer(XOAuth2AccessTokens tokens, dev.puppetengine.persona.PersonaId persona) {
        return (method, uri) -> "Bearer " + tokens.accessToken(persona);
    }
}
