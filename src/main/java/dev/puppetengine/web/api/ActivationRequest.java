package dev.puppetengine.web.api;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

/** {@code PATCH /api/agents/{id}} body: {@code {"active": false}} pauses, {@code true} resumes. */
public record ActivationRequest(@NotNull @Nullable Boolean active) {}
