package dev.puppetengine.event;

import java.time.Clock;
import java.util.List;
import java.util.Random;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The event sources' wiring: random events and feeds, publishing through {@link Events}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RandomEventProperties.class, FeedProperties.class})
class EventSourceConfiguration {

    @Bean
    EventSources eventSources(
            EventSourceStore store,
            Events events,
            ObjectProvider<EventAudience> audience,
            RandomEventProperties randomSettings,
            FeedReader feeds,
            FeedProperties feedSettings,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        return new EventSources(
                store,
                events,
                audience.getIfAvailable(() -> List::of),
                new RandomEvents(new Random()),
                randomSettings,
                feeds,
                feedSettings,
                new TransactionTemplate(transactionManager),
                clock);
    }
}
