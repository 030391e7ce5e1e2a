package dev.puppetengine.social.twitter;

import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.PersonaSpec.OAuth1Credentials;

/**
 * The sandbox network's persona accounts, as the X client needs them: each persona has one, created with fresh
 * OAuth 1.0a credentials the first time it is asked for and the same ones after (they are stored).
 */
public interface SandboxAccounts {

    OAuth1Credentials credentialsFor(PersonaSpec persona);
}
