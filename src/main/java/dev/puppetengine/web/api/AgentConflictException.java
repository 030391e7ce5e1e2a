package dev.puppetengine.web.api;

/**
 * The request conflicts with the agent's state: it exists already, it is paused, or an earlier post waits. Answered as
 * a 409 problem carrying the id.
 */
final class AgentConflictException extends RuntimeException {

    private final String agentId;
    private final String title;

    AgentConflictException(String agentId, String title, String detail) {
        super(detail);
        this.agentId = agentId;
        this.title = title;
    }

    String agentId() {
        return agentId;
    }

    String title() {
        return title;
    }
}
