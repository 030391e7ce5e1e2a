package dev.puppetengine.event;

import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event engine's wiring: the publish port and the queue on the store and timer adapters. The listeners and the
 * audience come from the features that react to events (the agent's handlers).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventProperties.class)
class EventConfiguration {

    @Bean
    Events events(EventStore store, EventTimer timer, Clock clock) {
        return new Events(store, timer, clock);
    }

    @Bean
    EventQueue eventQueue(
            EventStore store,
            ObjectProvider<EventListener> listeners,
            ObjectProvider<EventAudience> audience,
            EventTimer timer,
            EventProperties properties,
            Clock clock) {
        return new EventQueue(
                store,
                listeners.orderedStream().toList(),
                audience.getIfAvailable(() -> List::of),
                timer,
                properties.maxAttempts(),
                properties.retryBackoff(),
                clock);
    }
}
