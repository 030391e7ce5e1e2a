package dev.puppetengine.event.feed;

import dev.puppetengine.event.FeedProperties;
import dev.puppetengine.event.FeedReader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The feed reader of the event sources. */
@Configuration(proxyBeanMethods = false)
class FeedConfiguration {

    @Bean
    FeedReader feedReader(FeedProperties properties) {
        return new RomeFeedReader(properties.timeout());
    }
}
