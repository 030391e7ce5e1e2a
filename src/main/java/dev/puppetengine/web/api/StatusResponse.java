package dev.puppetengine.web.api;

/**
 * {@code GET /api/status}: {@code status} is {@code ok}; {@code mode} {@code sandbox} or {@code live}; {@code network}
 * {@code sandbox} or {@code x}; {@code agents} the number of configured personas.
 */
public record StatusResponse(
        String status, String version, String mode, String network, int agents, long uptimeSeconds) {}
