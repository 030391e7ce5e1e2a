package dev.puppetengine.social.twitter;

import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.PersonaSpec.OAuth1Credentials;
import java.net.URI;
import java.util.Optional;

/**
 * The sandbox network's persona accounts, as the X client needs them: each persona has one, created with fresh
 * OAuth 1.0a credentials the first time it is asked for and the same ones after (they are stored).
 */
public interface SandboxAccounts {

    OAuth1Credentials credentialsFor(PersonaSpec persona);

    /**
     * The sandbox X API's root on its own port ({@code http://127.0.0.1:8081}, requests go to {@code /2/...}), once
     * the server has started; empty before, and when it has no port of its own (live mode, no web server).
     */
    default Optional<URI> apiBaseUrl() {
        return Optional.empty();
    }
}
