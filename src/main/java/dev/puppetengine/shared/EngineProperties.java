package dev.puppetengine.shared;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The engine's own settings, prefix {@code puppet} (DESIGN §8 flags): where persona files and data live, sandbox or
 * live, how much faster than real time a sandbox runs, an optional database URL (H2 in the data dir otherwise) and
 * the address the server binds. {@code db-url} is read by {@link DatabaseUrlDefaults} before the context starts.
 */
@Validated
@ConfigurationProperties("puppet")
public record EngineProperties(
        @DefaultValue("config/agents") @NotNull Path configDir,
        @DefaultValue("data") @NotNull Path dataDir,
        @DefaultValue("sandbox") @NotNull Mode mode,
        @DefaultValue("1") @DecimalMin("1") double speed,
        @DefaultValue("") String dbUrl,
        @DefaultValue("127.0.0.1") @NotBlank String bindAddress) {

    public EngineProperties {
        if (!(speed >= 1) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("puppet.speed must be a number >= 1: " + speed);
        }
        dbUrl = dbUrl.strip();
    }

    /** Sandbox: the in-process X network (DESIGN §6.3). Live: the real X API. */
    public enum Mode {
        SANDBOX,
        LIVE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The data dir as an absolute, normalised path. */
    public Path dataDirectory() {
        return dataDir.toAbsolutePath().normalize();
    }

    public Path configDirectory() {
        return configDir.toAbsolutePath().normalize();
    }
}
