package dev.puppetengine.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * One configured model provider: where it is, how to authenticate, the default model and how it answers
 * structured requests. {@code apiKey} is a secret: never logged or returned ({@link #toString()} redacts it).
 */
public record ProviderSettings(
        String name, Kind kind, String baseUrl, String apiKey, String model, Duration timeout, String structuredMode) {

    public enum Kind {
        OPENAI_COMPATIBLE,
        ANTHROPIC
    }

    public ProviderSettings {
        Objects.requireNonNull(name);
        Objects.requireNonNull(kind);
        if (baseUrl.isBlank()) {
            throw new IllegalArgumentException("provider " + name + ": base-url must be set");
        }
        if (model.isBlank()) {
            throw new IllegalArgumentException("provider " + name + ": model must be set");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("provider " + name + ": timeout must be positive");
        }
    }

    @Override
    public String toString() {
        return "ProviderSettings[name=" + name + ", kind=" + kind + ", baseUrl=" + baseUrl + ", apiKey="
                + (apiKey.isEmpty() ? "" : "[redacted]") + ", model=" + model + ", timeout=" + timeout
                + ", structuredMode=" + structuredMode + "]";
    }
}
