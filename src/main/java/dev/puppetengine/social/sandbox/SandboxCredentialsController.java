package dev.puppetengine.social.sandbox;

import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import java.net.URI;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/sandbox/credentials/{personaId}} (operator token, like all of {@code /api}): the persona's sandbox
 * account and its OAuth 1.0a keys, plus an app-only Bearer token, for any X client pointed at the sandbox port. The
 * account is created on first ask. Sandbox-only keys, useless against X — still never logged, and sent with
 * {@code Cache-Control: no-store}.
 */
@RestController
@RequestMapping("/api/sandbox/credentials")
final class SandboxCredentialsController {

    private final SandboxNetwork network;
    private final ObjectProvider<PersonaCatalog> catalog;

    SandboxCredentialsController(SandboxNetwork network, ObjectProvider<PersonaCatalog> catalog) {
        this.network = network;
        this.catalog = catalog;
    }

    /**
     * A sandbox account's keys. {@code baseUrl} is the X API root on the sandbox port (requests go to
     * {@code baseUrl + "/2/..."}); null when the sandbox has no port of its own.
     */
    record SandboxCredentials(
            String personaId,
            String userId,
            String username,
            @Nullable String baseUrl,
            String apiKey,
            String apiKeySecret,
            String accessToken,
            String accessTokenSecret,
            String bearerToken) {
        @Override
        public String toString() {
            return "SandboxCredentials[" + personaId + " @" + username + ", keys redacted]";
        }
    }

    @GetMapping("/{personaId}")
    ResponseEntity<?> credentials(@PathVariable String personaId) {
        Optional<PersonaSpec> persona = PersonaId.PATTERN.matcher(personaId).matches()
                ? Optional.ofNullable(catalog.getIfAvailable()).flatMap(c -> c.findPersona(PersonaId.of(personaId)))
                : Optional.empty();
        if (persona.isEmpty()) {
            boolean wellFormed = PersonaId.PATTERN.matcher(personaId).matches();
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.NOT_FOUND,
                    wellFormed ? "No agent with id '" + personaId + "'." : "No agent with that id.");
            problem.setType(URI.create("about:blank"));
            problem.setTitle("Unknown agent");
            if (wellFormed) {
                problem.setInstance(URI.create("/api/sandbox/credentials/" + personaId));
            }
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        SandboxUser user =
                network.personaUser(persona.get().id().value(), persona.get().name());
        SandboxUser.Keys keys = user.keys();
        if (keys == null) {
            throw new IllegalStateException("sandbox user of persona '" + personaId + "' has no credentials");
        }
        SandboxCredentials body = new SandboxCredentials(
                personaId,
                Long.toString(user.id()),
                user.username(),
                network.apiBaseUrl().map(URI::toString).orElse(null),
                keys.consumerKey(),
                keys.consumerSecret(),
                keys.accessToken(),
                keys.accessTokenSecret(),
                SandboxOAuth.bearerToken(keys));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }
}
