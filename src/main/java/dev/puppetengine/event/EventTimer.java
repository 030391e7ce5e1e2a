package dev.puppetengine.event;

import java.time.Instant;

/**
 * Fires the event queue when an event falls due: a durable timer (a db-scheduler one-time task in the engine), so
 * a delayed event fires on time, also after a restart. Scheduling an event twice keeps one timer.
 */
public interface EventTimer {

    void fireAt(String eventId, Instant at);
}
