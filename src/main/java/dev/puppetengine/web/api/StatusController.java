package dev.puppetengine.web.api;

import dev.puppetengine.PuppetEngineApplication;
import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.shared.EngineProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/status}. */
@RestController
@RequestMapping("/api/status")
final class StatusController {

    private final EngineProperties properties;
    private final PersonaCatalog catalog;
    private final Clock clock;
    private final Instant startedAt;

    StatusController(EngineProperties properties, PersonaCatalog catalog, Clock clock) {
        this.properties = properties;
        this.catalog = catalog;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    @GetMapping
    StatusResponse status() {
        String version = PuppetEngineApplication.class.getPackage().getImplementationVersion();
        return new StatusResponse(
                "ok",
                version == null ? "dev" : version,
                properties.mode().wireName(),
                properties.mode() == EngineProperties.Mode.LIVE ? "x" : "sandbox",
                catalog.listPersonas().size(),
                Math.max(0, Duration.between(startedAt, clock.instant()).toSeconds()));
    }
}
