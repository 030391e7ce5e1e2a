package dev.puppetengine.web.api;

/** No persona with this id is configured; answered as a 404 problem carrying the id. */
public final class UnknownAgentException extends RuntimeException {

    private final String agentId;

    public UnknownAgentException(String agentId) {
        super("No agent with id '" + agentId + "'");
        this.agentId = agentId;
    }

    public String agentId() {
        return agentId;
    }
}
