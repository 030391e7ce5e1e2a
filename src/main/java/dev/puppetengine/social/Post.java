package dev.puppetengine.social;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A post as the network reports it. Ids are X's numeric string ids. */
public record Post(
        String id,
        String authorId,
        @Nullable String authorUsername,
        String text,
        String conversationId,
        @Nullable String inReplyToId,
        @Nullable String quotedId,
        Instant createdAt) {}
