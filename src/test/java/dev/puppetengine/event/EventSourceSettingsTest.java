package dev.puppetengine.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The event sources' settings: their defaults, and each set by an environment variable. */
class EventSourceSettingsTest {

    private static Binder environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return new Binder(ConfigurationPropertySources.get(environment));
    }

    @Test
    void defaults_are_the_originals_with_made_up_news_off() {
        Binder none = environment(Map.of());
        RandomEventProperties random = none.bindOrCreate("puppet.events.random", RandomEventProperties.class);
        FeedProperties feeds = none.bindOrCreate("puppet.events.feeds", FeedProperties.class);

        assertThat(random.news()).isEqualTo(new RandomEventProperties.News(false, Duration.ofHours(6)));
        assertThat(random.mood())
                .isEqualTo(new RandomEventProperties.Mood(true, Duration.ofHours(4), Duration.ofHours(1)));
        assertThat(random.interactions()).isEqualTo(new RandomEventProperties.Interactions(true, Duration.ofHours(8)));
        assertThat(feeds)
                .isEqualTo(new FeedProperties(
                        java.util.List.of(), Duration.ofMinutes(30), "news", 5, Duration.ofSeconds(10)));
    }

    @Test
    void every_setting_is_set_by_an_environment_variable() {
        Binder set = environment(Map.of(
                "PUPPET_EVENTS_RANDOM_NEWS_ENABLED", "true",
                "PUPPET_EVENTS_RANDOM_NEWS_INTERVAL", "2h",
                "PUPPET_EVENTS_RANDOM_MOOD_ENABLED", "false",
                "PUPPET_EVENTS_RANDOM_MOOD_JITTER", "0s",
                "PUPPET_EVENTS_RANDOM_INTERACTIONS_INTERVAL", "12h",
                "PUPPET_EVENTS_FEEDS_URLS", "https://feeds.example.org/world.rss,http://example.com/a.atom",
                "PUPPET_EVENTS_FEEDS_INTERVAL", "15m",
                "PUPPET_EVENTS_FEEDS_TOPIC", "world news",
                "PUPPET_EVENTS_FEEDS_MAXITEMSPERPOLL", "2"));
        RandomEventProperties random = set.bindOrCreate("puppet.events.random", RandomEventProperties.class);
        FeedProperties feeds = set.bindOrCreate("puppet.events.feeds", FeedProperties.class);

        assertThat(random.news()).isEqualTo(new RandomEventProperties.News(true, Duration.ofHours(2)));
        assertThat(random.mood()).isEqualTo(new RandomEventProperties.Mood(false, Duration.ofHours(4), Duration.ZERO));
        assertThat(random.interactions().interval()).isEqualTo(Duration.ofHours(12));
        assertThat(feeds.urls())
                .containsExactly(
                        URI.create("https://feeds.example.org/world.rss"), URI.create("http://example.com/a.atom"));
        assertThat(feeds.interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(feeds.topic()).isEqualTo("world news");
        assertThat(feeds.maxItemsPerPoll()).isEqualTo(2);
    }

    @Test
    void a_bad_value_names_its_setting() {
        assertThatThrownBy(() -> environment(Map.of("PUPPET_EVENTS_FEEDS_URLS", "file:///etc/passwd"))
                        .bindOrCreate("puppet.events.feeds", FeedProperties.class))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessage("puppet.events.feeds.urls[0] must be an http or https URL: file:///etc/passwd");
        assertThatThrownBy(() -> environment(Map.of("PUPPET_EVENTS_RANDOM_MOOD_INTERVAL", "0s"))
                        .bindOrCreate("puppet.events.random", RandomEventProperties.class))
                .rootCause()
                .hasMessage("puppet.events.random.mood.interval must be positive: PT0S");
    }
}
