package dev.puppetengine.web.api;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/approvals/{id}/approve} body: {@code text} to post instead of the draft (missing: the draft as it
 * is); {@code POST /api/approvals/{id}/reject} body: {@code reason} for the decision log (missing: none given).
 */
public record ApprovalDecisionRequest(
        @Nullable String text, @Nullable String reason) {}
