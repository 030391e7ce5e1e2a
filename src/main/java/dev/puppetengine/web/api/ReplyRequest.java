package dev.puppetengine.web.api;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/agents/{id}/reply} body: {@code postId} the post to reply to (required), {@code text} the reply
 * (missing: the persona drafts one, as it answers a mention).
 */
public record ReplyRequest(
        @Nullable String postId, @Nullable String text) {}
