package dev.puppetengine.social.twitter;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.ExternalServiceException.AuthFailed;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Access tokens refreshed before expiry, refresh tokens rotated as X does, against a WireMock token endpoint. */
class XOAuth2AccessTokensTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final PersonaId ADA = PersonaId.of("ada");

    private final SettableClock clock = new SettableClock(START);
    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.inMemory());
    private final JdbcXOAuth2TokenStore store =
            new JdbcXOAuth2TokenStore(jdbc, TokenCipher.withKey(new byte[32]), clock);
    private WireMockServer x;
    private String clientSecret = "";

    @BeforeEach
    void start() {
        x = XStub.server();
        x.start();
        XTokenEndpointStub.stubRotations(x, 5);
    }

    @AfterEach
    void stop() {
        x.stop();
    }

    private XOAuth2AccessTokens tokens() {
        return new XOAuth2AccessTokens(
                store,
                clientId -> new XOAuth2TokenEndpoint(
                        URI.create(x.baseUrl()),
                        clientId,
                        clientSecret,
                        HttpClient.newHttpClient(),
                        JsonMapper.shared(),
                        clock,
                        Duration.ofSeconds(10)),
                clock,
                Duration.ofMinutes(5));
    }

    /** What x-login stores: pair 0, valid for two hours. */
    private void loggedIn() {
        store.save(ADA, "client-1", new XOAuth2Token("access-0", "refresh-0", START.plus(Duration.ofHours(2)), "s"));
    }

    private int refreshCalls() {
        return x.countRequestsMatching(postRequestedFor(urlPathEqualTo(XOAuth2TokenEndpoint.PATH))
                        .build())
                .getCount();
    }

    @Nested
    class Refresh {

        @Test
        void hands_out_the_stored_token_while_more_than_the_margin_is_left() {
            loggedIn();
            clock.set(
                    START.plus(Duration.ofHours(2)).minus(Duration.ofMinutes(5)).minusSeconds(1));

            assertThat(tokens().accessToken(ADA)).isEqualTo("access-0");
            assertThat(refreshCalls()).isZero();
        }

        @Test
        void refreshes_five_minutes_before_expiry_and_stores_the_rotated_pair() {
            loggedIn();
            clock.set(START.plus(Duration.ofHours(2)).minus(Duration.ofMinutes(5)));

            assertThat(tokens().accessToken(ADA)).isEqualTo("access-1");
            x.verify(postRequestedFor(urlPathEqualTo(XOAuth2TokenEndpoint.PATH))
                    .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                    .withFormParam("grant_type", equalTo("refresh_token"))
                    .withFormParam("refresh_token", equalTo("refresh-0"))
                    .withFormParam("client_id", equalTo("client-1"))
                    .withHeader("Authorization", absent()));
            JdbcXOAuth2TokenStore.Stored stored = store.find(ADA).orElseThrow();
            assertThat(stored.active().refreshToken()).isEqualTo("refresh-1");
            assertThat(stored.active().expiresAt()).isEqualTo(clock.instant().plusSeconds(7200));
            assertThat(stored.pending()).isNull();
            assertThat(stored.rotation()).isEqualTo(1);
        }

        @Test
        void keeps_rotating_with_the_newest_refresh_token_x_still_honours() {
            loggedIn();
            List<String> handedOut = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofHours(2));
                handedOut.add(tokens().accessToken(ADA));
            }

            assertThat(handedOut).containsExactly("access-1", "access-2", "access-3");
            assertThat(refreshCalls()).isEqualTo(3);
        }

        @Test
        void a_confidential_client_authenticates_with_basic_auth() {
            clientSecret = "s3cret";
            loggedIn();
            clock.advance(Duration.ofHours(2));

            tokens().accessToken(ADA);

            String basic = Base64.getEncoder().encodeToString("client-1:s3cret".getBytes(StandardCharsets.UTF_8));
            x.verify(postRequestedFor(urlPathEqualTo(XOAuth2TokenEndpoint.PATH))
                    .withHeader("Authorization", equalTo("Basic " + basic))
                    .withFormParam("client_id", absent()));
        }

        @Test
        void one_refresh_in_flight_per_persona() throws Exception {
            loggedIn();
            clock.advance(Duration.ofHours(2));
            XOAuth2AccessTokens tokens = tokens();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            try (ExecutorService callers = Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 8; i++) {
                    results.add(callers.submit(() -> {
                        go.await();
                        return tokens.accessToken(ADA);
                    }));
                }
                go.countDown();
                for (Future<String> result : results) {
                    assertThat(result.get()).isEqualTo("access-1");
                }
            }
            assertThat(refreshCalls()).isEqualTo(1);
        }

        @Test
        void two_nodes_on_one_database_never_present_one_refresh_token_twice() throws Exception {
            loggedIn();
            clock.advance(Duration.ofHours(2));
            List<XOAuth2AccessTokens> nodes = List.of(tokens(), tokens());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            try (ExecutorService callers = Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 8; i++) {
                    XOAuth2AccessTokens node = nodes.get(i % 2);
                    results.add(callers.submit(() -> {
                        go.await();
                        return node.accessToken(ADA);
                    }));
                }
                go.countDown();
                for (Future<String> result : results) {
                    assertThat(result.get()).isEqualTo("access-1");
                }
            }
            assertThat(refreshCalls()).isEqualTo(1);
            assertThat(store.claimRefresh(ADA, "a third node", Duration.ofSeconds(30)))
                    .as("the claim was released")
                    .isTrue();
        }

        @Test
        void the_claim_of_a_node_that_died_mid_refresh_lapses() {
            loggedIn();
            clock.advance(Duration.ofHours(2));
            assertThat(store.claimRefresh(ADA, "a killed node", Duration.ZERO)).isTrue();

            assertThat(tokens().accessToken(ADA)).isEqualTo("access-1");
            assertThat(refreshCalls()).isEqualTo(1);
        }
    }

    @Nested
    class Crash {

        @Test
        void a_pending_pair_left_by_a_crash_is_promoted_and_its_refresh_token_used() {
            loggedIn();
            clock.advance(Duration.ofHours(2));
            // what a process that died after step 1 left: X issued pair 1 (refresh-0 is gone), it is pending
            XOAuth2Token issued = new XOAuth2TokenEndpoint(
                            URI.create(x.baseUrl()),
                            "client-1",
                            "",
                            HttpClient.newHttpClient(),
                            JsonMapper.shared(),
                            clock,
                            Duration.ofSeconds(10))
                    .refresh("refresh-0");
            assertThat(store.storePending(ADA, 0, issued)).isTrue();

            XOAuth2AccessTokens restarted = tokens();
            assertThat(restarted.accessToken(ADA)).isEqualTo("access-1");
            clock.advance(Duration.ofHours(2));
            assertThat(restarted.accessToken(ADA)).isEqualTo("access-2");
            assertThat(store.find(ADA).orElseThrow().active().refreshToken()).isEqualTo("refresh-2");
        }

        @Test
        void promotes_leftovers_at_start() {
            loggedIn();
            store.storePending(ADA, 0, new XOAuth2Token("access-9", "refresh-9", START.plusSeconds(7200), "s"));

            assertThat(tokens().promoteLeftovers()).isEqualTo(1);
            assertThat(store.find(ADA).orElseThrow().active().accessToken()).isEqualTo("access-9");
            assertThat(tokens().promoteLeftovers()).isZero();
        }

        @Test
        void a_login_during_a_refresh_wins_over_the_refresh() {
            loggedIn();
            long before = store.find(ADA).orElseThrow().rotation();
            store.save(ADA, "client-1", new XOAuth2Token("access-new", "refresh-new", START.plusSeconds(7200), "s"));

            assertThat(store.storePending(ADA, before, new XOAuth2Token("stale", "stale", START, "s")))
                    .isFalse();
            assertThat(store.find(ADA).orElseThrow().active().accessToken()).isEqualTo("access-new");
        }
    }

    @Nested
    class Refusals {

        @Test
        void a_refresh_token_x_refuses_asks_for_a_new_login_without_showing_it() {
            store.save(ADA, "client-1", new XOAuth2Token("access-0", "refresh-used", START, "s"));

            assertThatThrownBy(() -> tokens().accessToken(ADA))
                    .isInstanceOf(AuthFailed.class)
                    .hasMessageContaining("invalid_request")
                    .hasMessageContaining("./puppet x-login")
                    .hasMessageNotContaining("refresh-used")
                    .hasMessageNotContaining("access-0");
        }

        @Test
        void a_persona_without_a_stored_token_is_told_to_log_in() {
            assertThat(tokens().hasToken(ADA)).isFalse();
            assertThatThrownBy(() -> tokens().accessToken(ADA))
                    .isInstanceOf(AuthFailed.class)
                    .hasMessageContaining("./puppet x-login ada");
            assertThat(refreshCalls()).isZero();
        }

        @Test
        void the_database_holds_no_token_in_clear_text() {
            loggedIn();
            clock.advance(Duration.ofHours(2));
            tokens().accessToken(ADA);

            String row = jdbc.sql("SELECT * FROM x_oauth2_token")
                    .query((rs, n) -> {
                        StringBuilder all = new StringBuilder();
                        for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                            all.append(rs.getString(c)).append('|');
                        }
                        return all.toString();
                    })
                    .single();
            assertThat(row).doesNotContain("access-1", "refresh-1", "access-0", "refresh-0");
        }
    }
}
