package dev.puppetengine.social.twitter;

import dev.puppetengine.shared.EngineProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Wires the X client: usage counting, and {@link SocialNetworks} for sandbox ({@code puppet.mode}) or live mode. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TwitterProperties.class, XPolicyProperties.class, XReadsProperties.class})
class TwitterConfiguration {

    private static final Duration USAGE_FLUSH = Duration.ofSeconds(1);

    /**
     * Both the counter the client calls and the {@code XUsage} port that usage reports read; counts are written once
     * a second (and before every read, and on stop).
     */
    @Bean
    JdbcXUsageRecorder xUsageRecorder(DataSource dataSource, Clock clock) {
        return new JdbcXUsageRecorder(dataSource, clock).flushingEvery(USAGE_FLUSH);
    }

    @Bean
    LocalServerPort sandboxServerPort() {
        return new LocalServerPort();
    }

    /**
     * Live credentials: the persona file's, else the OAuth 2.0 token {@code x-login} stored, else the default account
     * from the {@code TWITTER_*} variables.
     */
    @Bean
    XCredentialsResolver xCredentialsResolver(Environment environment, JdbcClient jdbc) {
        return new XCredentialsResolver(
                environment::getProperty, persona -> JdbcXOAuth2TokenStore.exists(jdbc, persona));
    }

    /** The go-live checks without a request to X, for {@code GET /api/checklist}. */
    @Bean
    GoLiveChecks goLiveChecks(XPolicyProperties policy, XReadsProperties reads, XCredentialsResolver credentials) {
        return new GoLiveChecks(policy, reads, credentials);
    }

    @Bean
    SocialNetworks socialNetworks(
            EngineProperties engine,
            LocalServerPort port,
            SandboxAccounts sandboxAccounts,
            TwitterProperties properties,
            XCredentialsResolver credentials,
            JsonMapper json,
            Clock clock,
            XUsageRecorder usage,
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<XOAuth2AccessTokens> userTokens) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new SocialNetworks(
                engine.mode() == EngineProperties.Mode.LIVE ? SocialNetworks.Mode.LIVE : SocialNetworks.Mode.SANDBOX,
                () -> sandboxAccounts
                        .apiBaseUrl()
                        .orElseGet(() -> URI.create("http://127.0.0.1:" + port.require() + "/sandbox/x")),
                sandboxAccounts,
                properties,
                credentials,
                http,
                json,
                clock,
                usage,
                meters.getIfAvailable(SimpleMeterRegistry::new),
                userTokens::getObject);
    }

    /** The web server's port, known only once it has started (port 0 picks a free one). */
    static final class LocalServerPort implements ApplicationListener<WebServerInitializedEvent> {
        private final AtomicInteger port = new AtomicInteger(-1);

        @Override
        public void onApplicationEvent(WebServerInitializedEvent event) {
            if (event.getApplicationContext().getServerNamespace() == null) {
                port.set(event.getWebServer().getPort());
            }
        }

        int require() {
            int known = port.get();
            if (known < 0) {
                throw new IllegalStateException("the sandbox network is not reachable before the web server started");
            }
            return known;
        }
    }
}
