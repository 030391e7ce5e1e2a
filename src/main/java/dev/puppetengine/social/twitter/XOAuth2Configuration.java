package dev.puppetengine.social.twitter;

import dev.puppetengine.shared.EngineProperties;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the OAuth 2.0 user tokens that {@code ./puppet x-login} stores: lazily, so an engine whose personas all use
 * OAuth 1.0a keys (or the sandbox) never reads or creates the token key.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(XOAuth2Properties.class)
class XOAuth2Configuration {

    @Bean
    @Lazy
    XOAuth2AccessTokens xOAuth2AccessTokens(
            EngineProperties engine,
            XOAuth2Properties oauth2,
            TwitterProperties x,
            JdbcClient jdbc,
            JsonMapper json,
            Clock clock) {
        TokenCipher cipher = TokenCipher.load(oauth2.tokenKey(), engine.dataDirectory());
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new XOAuth2AccessTokens(
                new JdbcXOAuth2TokenStore(jdbc, cipher, clock),
                clientId -> new XOAuth2TokenEndpoint(
                        x.baseUrl(),
                        clientId,
                        clientId.equals(oauth2.clientId()) ? oauth2.clientSecret() : "",
                        http,
                        json,
                        clock,
                        x.timeout()),
                clock,
                oauth2.refreshMargin());
    }

    @Bean
    LeftoverTokenPromotion leftoverTokenPromotion(JdbcClient jdbc, ObjectProvider<XOAuth2AccessTokens> tokens) {
        return new LeftoverTokenPromotion(jdbc, tokens::getObject);
    }
}
