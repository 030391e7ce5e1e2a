package dev.puppetengine.social.sandbox;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A post on the sandbox network, as the operator API and {@link SandboxPostCreated} show it. {@code author} is the
 * handle; {@code personaId} is set when a persona wrote it. Ids are X-like numeric strings, increasing.
 */
public record SandboxPost(
        String id,
        String authorId,
        String author,
        @Nullable String personaId,
        String text,
        String conversationId,
        @Nullable String inReplyTo,
        @Nullable String inReplyToUserId,
        @Nullable String quoteOf,
        Instant createdAt) {

    public SandboxPost {
        Objects.requireNonNull(id);
        Objects.requireNonNull(author);
        Objects.requireNonNull(text);
        Objects.requireNonNull(createdAt);
    }
}
