package dev.puppetengine.web.api;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/agents/{id}/post} body: {@code topic} to post about (missing: what the persona would post next),
 * {@code force} to post even when it is too soon since the last original post (missing: false).
 */
public record PostRequest(@Nullable String topic, @Nullable Boolean force) {}
