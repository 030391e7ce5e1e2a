package dev.puppetengine.social;

/**
 * Where the outbox reports an action its platform policy held or refused (the agent records it as a decision, so
 * {@code GET /api/decisions} says why). Called in the transaction that stores the stopped item.
 */
public interface RefusalLog {

    /** {@code stopped} is {@link OutboxStatus#HELD} or {@link OutboxStatus#REFUSED}, with its reason. */
    void stopped(OutboxItem stopped);
}
