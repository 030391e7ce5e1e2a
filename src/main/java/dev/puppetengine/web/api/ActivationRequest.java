package dev.puppetengine.web.api;

import org.jspecify.annotations.Nullable;

/**
 * {@code PATCH /api/agents/{id}} body, each field optional but one at least: {@code paused} true pauses, false
 * resumes ({@code active} is the same switch the other way round, kept for older clients); {@code approval} sets which
 * posts wait for a human ({@code off}, {@code replies}, {@code all}), stored so a restart keeps it.
 */
public record ActivationRequest(
        @Nullable Boolean active,
        @Nullable Boolean paused,
        @Nullable String approval) {}
