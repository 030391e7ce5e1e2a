package dev.puppetengine.social.twitter;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.puppetengine.llm.TestPersonas;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.PersonaSpec.OAuth1Credentials;
import dev.puppetengine.persona.PersonaSpec.OAuth2Credentials;
import dev.puppetengine.persona.PersonaSpec.TwitterCredentials;
import dev.puppetengine.persona.Secret;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

class SocialNetworksTest {

    private static final OAuth1Credentials SANDBOX_KEYS = new OAuth1Credentials(
            new Secret("sk", "sk"), new Secret("ss", "ss"), new Secret("st", "st"), new Secret("sts", "sts"));
    private static final OAuth1Credentials LIVE_KEYS = new OAuth1Credentials(
            new Secret("${X_KEY}", "lk"),
            new Secret("${X_SECRET}", "ls"),
            new Secret("${X_TOKEN}", "lt"),
            new Secret("${X_TOKEN_SECRET}", "lts"));

    private WireMockServer x;
    private final List<String> provisioned = new ArrayList<>();

    @BeforeEach
    void start() {
        x = XStub.server();
        x.start();
        x.stubFor(get(urlPathEqualTo("/2/users/me"))
                .willReturn(okJson("{\"data\":{\"id\":\"7\",\"name\":\"Ada\",\"username\":\"ada\"}}")));
        x.stubFor(get(urlPathEqualTo("/sandbox/x/2/users/me"))
                .willReturn(okJson("{\"data\":{\"id\":\"8\",\"name\":\"Ada\",\"username\":\"ada\"}}")));
    }

    @AfterEach
    void stop() {
        x.stop();
    }

    private SocialNetworks networks(SocialNetworks.Mode mode) {
        return networks(mode, Map.of());
    }

    private SocialNetworks networks(SocialNetworks.Mode mode, Map<String, String> environment) {
        return new SocialNetworks(
                mode,
                () -> URI.create(x.baseUrl() + "/sandbox/x"),
                persona -> {
                    provisioned.add(persona.id().value());
                    return SANDBOX_KEYS;
                },
                new TwitterProperties(URI.create(x.baseUrl()), Duration.ofSeconds(5)),
                new XCredentialsResolver(environment::get),
                HttpClient.newHttpClient(),
                JsonMapper.builder().build(),
                new SettableClock(Instant.parse("2026-11-25T10:00:00Z")),
                (persona, endpoint) -> {},
                new SimpleMeterRegistry());
    }

    private final SettableClock tokenClock = new SettableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final JdbcClient tokenJdbc = JdbcClient.create(TestDatabase.inMemory());
    private final JdbcXOAuth2TokenStore tokenStore =
            new JdbcXOAuth2TokenStore(tokenJdbc, TokenCipher.withKey(new byte[32]), tokenClock);

    private SocialNetworks userTokenNetworks(java.util.function.Predicate<PersonaId> stored) {
        XOAuth2AccessTokens tokens = new XOAuth2AccessTokens(
                tokenStore,
                clientId -> new XOAuth2TokenEndpoint(
                        URI.create(x.baseUrl()),
                        clientId,
                        "",
                        HttpClient.newHttpClient(),
                        JsonMapper.builder().build(),
                        tokenClock,
                        Duration.ofSeconds(5)),
                tokenClock,
                Duration.ofMinutes(5));
        return new SocialNetworks(
                SocialNetworks.Mode.LIVE,
                () -> URI.create(x.baseUrl() + "/sandbox/x"),
                persona -> SANDBOX_KEYS,
                new TwitterProperties(URI.create(x.baseUrl()), Duration.ofSeconds(5)),
                new XCredentialsResolver(name -> null, stored),
                HttpClient.newHttpClient(),
                JsonMapper.builder().build(),
                tokenClock,
                (persona, endpoint) -> {},
                new SimpleMeterRegistry(),
                () -> tokens);
    }

    private static PersonaSpec persona(@Nullable TwitterCredentials credentials) {
        PersonaSpec p = TestPersonas.persona("ada").build();
        return new PersonaSpec(
                p.id(),
                p.name(),
                p.description(),
                p.llmProvider(),
                p.llmConfig(),
                credentials,
                p.customSystemPrompt(),
                p.rotatingSystemPrompts(),
                p.personality(),
                p.styleGuide(),
                p.initialMemory(),
                p.behaviour(),
                p.postProcessing(),
                p.examples(),
                p.active());
    }

    @Nested
    class In_sandbox_mode {

        @Test
        void the_client_talks_to_the_sandbox_with_the_generated_keys() {
            SocialNetworks networks = networks(SocialNetworks.Mode.SANDBOX);

            assertThat(networks.forPersona(persona(LIVE_KEYS)).me().id()).isEqualTo("8");
            x.verify(getRequestedFor(urlPathEqualTo("/sandbox/x/2/users/me"))
                    .withHeader("Authorization", matching(".*oauth_token=\"st\".*")));
            assertThat(provisioned).containsExactly("ada");
        }

        @Test
        void each_persona_keeps_one_client() {
            SocialNetworks networks = networks(SocialNetworks.Mode.SANDBOX);

            assertThat(networks.forPersona(persona(null))).isSameAs(networks.forPersona(persona(null)));
            assertThat(provisioned).hasSize(1);
        }
    }

    @Nested
    class In_live_mode {

        @Test
        void the_client_talks_to_x_with_the_personas_oauth1_credentials() {
            SocialNetworks networks = networks(SocialNetworks.Mode.LIVE);

            assertThat(networks.forPersona(persona(LIVE_KEYS)).me().id()).isEqualTo("7");
            x.verify(getRequestedFor(urlPathEqualTo("/2/users/me"))
                    .withHeader("Authorization", matching(".*oauth_token=\"lt\".*")));
            assertThat(provisioned).isEmpty();
        }

        @Test
        void oauth2_credentials_of_the_persona_file_authorize_with_a_refreshed_bearer_token() {
            XTokenEndpointStub.stubRotations(x, 1);
            SocialNetworks networks = userTokenNetworks(persona -> false);
            PersonaSpec ada = persona(new OAuth2Credentials("client", new Secret("${X_REFRESH}", "refresh-0")));

            assertThat(networks.findUnavailableReason(ada)).isEmpty();
            assertThat(networks.forPersona(ada).me().username()).isEqualTo("ada");
            x.verify(getRequestedFor(urlPathEqualTo("/2/users/me"))
                    .withHeader("Authorization", equalTo("Bearer access-1")));
        }

        @Test
        void a_persona_without_credentials_uses_the_token_x_login_stored() {
            XTokenEndpointStub.stubRotations(x, 1);
            tokenStore.save(
                    PersonaId.of("ada"),
                    "client",
                    new XOAuth2Token("access-0", "refresh-0", Instant.parse("2026-11-25T12:00:00Z"), "s"));
            SocialNetworks networks = userTokenNetworks(persona -> JdbcXOAuth2TokenStore.exists(tokenJdbc, persona));
            PersonaSpec ada = persona(null);

            assertThat(networks.findUnavailableReason(ada)).isEmpty();
            networks.forPersona(ada).me();
            x.verify(getRequestedFor(urlPathEqualTo("/2/users/me"))
                    .withHeader("Authorization", equalTo("Bearer access-0")));
        }

        @Test
        void missing_credentials_are_refused_naming_the_persona() {
            SocialNetworks networks = networks(SocialNetworks.Mode.LIVE);

            assertThatThrownBy(() -> networks.forPersona(persona(null)).mentions(null))
                    .isInstanceOf(ExternalServiceException.AuthFailed.class)
                    .hasMessageContaining("'ada' has no twitter_credentials");
            assertThat(networks.findUnavailableReason(persona(null)))
                    .hasValueSatisfying(reason -> assertThat(reason).contains("TWITTER_API_KEY"));
        }

        @Test
        void a_persona_without_credentials_uses_the_default_account() {
            SocialNetworks networks = networks(
                    SocialNetworks.Mode.LIVE,
                    Map.of(
                            "TWITTER_API_KEY", "dk",
                            "TWITTER_API_KEY_SECRET", "ds",
                            "TWITTER_ACCESS_TOKEN", "dt",
                            "TWITTER_ACCESS_TOKEN_SECRET", "dts"));

            assertThat(networks.findUnavailableReason(persona(null))).isEmpty();
            assertThat(networks.forPersona(persona(null)).me().id()).isEqualTo("7");
            x.verify(getRequestedFor(urlPathEqualTo("/2/users/me"))
                    .withHeader("Authorization", matching(".*oauth_token=\"dt\".*")));
        }

        @Test
        void the_cast_search_runs_on_the_first_personas_account_and_counts_on_the_cast_line() {
            x.stubFor(get(urlPathEqualTo("/2/tweets/search/recent"))
                    .willReturn(okJson("{\"meta\":{\"result_count\":0}}")));
            List<String> counted = new ArrayList<>();
            SocialNetworks networks = new SocialNetworks(
                    SocialNetworks.Mode.LIVE,
                    () -> URI.create(x.baseUrl() + "/sandbox/x"),
                    persona -> SANDBOX_KEYS,
                    new TwitterProperties(URI.create(x.baseUrl()), Duration.ofSeconds(5)),
                    new XCredentialsResolver(Map.of(
                            "TWITTER_API_KEY", "dk",
                            "TWITTER_API_KEY_SECRET", "ds",
                            "TWITTER_ACCESS_TOKEN", "dt",
                            "TWITTER_ACCESS_TOKEN_SECRET", "dts")::get),
                    HttpClient.newHttpClient(),
                    JsonMapper.builder().build(),
                    new SettableClock(Instant.parse("2026-11-25T10:00:00Z")),
                    new XUsageRecorder() {
                        @Override
                        public void recordRequest(PersonaId personaId, XEndpoint endpoint) {
                            counted.add(personaId + " " + endpoint.key());
                        }

                        @Override
                        public void recordCastRequest(XEndpoint endpoint) {
                            counted.add("cast " + endpoint.key());
                        }
                    },
                    new SimpleMeterRegistry());

            assertThat(networks.forCastSearch(persona(null)).search("@ada OR @bob", null))
                    .isEmpty();

            x.verify(getRequestedFor(urlPathEqualTo("/2/tweets/search/recent"))
                    .withQueryParam("query", equalTo("@ada OR @bob"))
                    .withHeader("Authorization", matching(".*oauth_token=\"dt\".*")));
            assertThat(counted).containsExactly("cast search-recent");
        }

        @Test
        void an_incomplete_default_account_names_what_is_missing_and_no_secret() {
            SocialNetworks networks = networks(
                    SocialNetworks.Mode.LIVE, Map.of("TWITTER_API_KEY", "dk-secret", "TWITTER_ACCESS_TOKEN", "dt"));

            assertThat(networks.findUnavailableReason(persona(null)))
                    .hasValueSatisfying(reason -> assertThat(reason)
                            .contains("incomplete", "TWITTER_API_KEY_SECRET", "TWITTER_ACCESS_TOKEN_SECRET")
                            .doesNotContain("dk-secret"));
        }

        @Test
        void the_personas_own_credentials_win_over_the_default_account() {
            SocialNetworks networks = networks(
                    SocialNetworks.Mode.LIVE,
                    Map.of(
                            "TWITTER_API_KEY", "dk",
                            "TWITTER_API_KEY_SECRET", "ds",
                            "TWITTER_ACCESS_TOKEN", "dt",
                            "TWITTER_ACCESS_TOKEN_SECRET", "dts"));

            networks.forPersona(persona(LIVE_KEYS)).me();
            x.verify(getRequestedFor(urlPathEqualTo("/2/users/me"))
                    .withHeader("Authorization", matching(".*oauth_token=\"lt\".*")));
        }
    }
}
