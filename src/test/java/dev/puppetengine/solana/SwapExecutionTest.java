package dev.puppetengine.solana;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.puppetengine.persona.Secret;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.shared.SettableClock;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sol4k.Base58;
import org.sol4k.Keypair;
import org.sol4k.TransactionMessage;
import org.sol4k.VersionedTransaction;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole swap against one WireMock server speaking Jupiter ({@code /swap/v1}) and Solana JSON-RPC ({@code /}): the
 * transaction Jupiter returns is signed locally, sent once, and awaited until confirmed, failed or timed out.
 */
class SwapExecutionTest {

    static final WireMockServer server = new WireMockServer(options().dynamicPort());
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofSeconds(2);

    private final Keypair keypair = SolanaFixtures.keypair();
    private final Wallet wallet = SolanaFixtures.wallet(keypair);
    private final TransactionMessage message = SolanaFixtures.swapMessage(keypair.getPublicKey());
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T12:00:00Z"));
    private final JupiterQuote quote = new JupiterQuote(
            TradeLimits.SOL_MINT,
            SolanaFixtures.USDC,
            BigInteger.valueOf(100_000_000),
            BigInteger.valueOf(16_198_753),
            BigInteger.valueOf(16_117_760),
            "ExactIn",
            50,
            BigDecimal.ZERO,
            SolanaFixtures.quoteJson(TradeLimits.SOL_MINT, SolanaFixtures.USDC, 100_000_000, 16_198_753, 50, "0"));
    private String signature;
    private SwapExecution swaps;

    @BeforeAll
    static void start() {
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void stubs() {
        server.resetAll();
        VersionedTransaction bySol4k = new VersionedTransaction(message);
        bySol4k.sign(keypair);
        signature = Base58.encode(Arrays.copyOfRange(bySol4k.serialize(), 1, 65));
        String unsigned = Base64.getEncoder().encodeToString(SolanaFixtures.unsigned(message, 1));
        server.stubFor(post(urlEqualTo("/swap/v1/swap")).willReturn(okJson(JupiterClientTest.swapResponse(unsigned))));
        SolanaRpcClientTest.answers(server, "sendTransaction", "\"" + signature + "\"");
        SolanaClients clients = SolanaRpcClientTest.clients(
                URI.create(server.baseUrl()), URI.create(server.baseUrl() + "/swap/v1"), Secret.of(""));
        swaps = new SwapExecution(clients.jupiter(), clients.rpc(), clock, clock::advance, TIMEOUT, POLL);
    }

    @Nested
    class Sending {

        @Test
        void sends_the_swap_signed_by_the_wallet_and_reports_it_confirmed() throws Exception {
            answersStatus("{\"slot\":341197245,\"confirmations\":3,\"err\":null,\"status\":{\"Ok\":null},"
                    + "\"confirmationStatus\":\"confirmed\"}");

            SwapOutcome outcome = swaps.execute(quote, wallet);

            assertThat(outcome).isEqualTo(new SwapOutcome.Confirmed(signature, 341197245, "confirmed"));
            byte[] sent = Base64.getDecoder().decode(sentTransactions().getFirst());
            byte[] sentMessage = Arrays.copyOfRange(sent, 65, sent.length);
            assertThat(sentMessage).isEqualTo(message.serialize());
            assertThat(SolanaFixtures.verifies(
                            keypair.getPublicKey().bytes(), sentMessage, Arrays.copyOfRange(sent, 1, 65)))
                    .isTrue();
            assertThat(new org.sol4k.PublicKey(wallet.address()).verify(Arrays.copyOfRange(sent, 1, 65), sentMessage))
                    .isTrue();
        }

        @Test
        void refuses_a_node_that_reports_another_signature_and_waits_for_nothing() {
            SolanaRpcClientTest.answers(server, "sendTransaction", "\"" + Base58.encode(new byte[64]) + "\"");

            assertThatThrownBy(() -> swaps.execute(quote, wallet))
                    .isInstanceOf(ExternalServiceException.InvalidRequest.class)
                    .hasMessageContaining("for " + signature);
            server.verify(0, rpc("getSignatureStatuses"));
        }

        @Test
        void a_swap_jupiter_built_for_another_wallet_is_never_sent() {
            Wallet other = SolanaFixtures.wallet(SolanaFixtures.keypair());

            assertThatThrownBy(() -> swaps.execute(quote, other))
                    .isInstanceOf(ExternalServiceException.InvalidRequest.class)
                    .hasMessageContaining("not by the wallet " + other.address());
            server.verify(0, rpc("sendTransaction"));
        }
    }

    @Nested
    class Confirming {

        @Test
        void waits_through_processed_until_confirmed() {
            server.stubFor(statusCall()
                    .inScenario("landing")
                    .whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(okJson(statuses("{\"slot\":9,\"confirmations\":0,\"err\":null,\"status\":{\"Ok\":null},"
                            + "\"confirmationStatus\":\"processed\"}")))
                    .willSetStateTo("processed"));
            server.stubFor(statusCall()
                    .inScenario("landing")
                    .whenScenarioStateIs("processed")
                    .willReturn(okJson(statuses("{\"slot\":9,\"confirmations\":null,\"err\":null,"
                            + "\"status\":{\"Ok\":null},\"confirmationStatus\":\"finalized\"}"))));

            SwapOutcome outcome = swaps.execute(quote, wallet);

            assertThat(outcome).isEqualTo(new SwapOutcome.Confirmed(signature, 9, "finalized"));
            server.verify(2, rpc("getSignatureStatuses"));
            assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-01T12:00:02Z"));
        }

        @Test
        void a_transaction_that_failed_on_chain_is_failed_with_the_node_error() {
            answersStatus("{\"slot\":10,\"confirmations\":1,\"err\":{\"InstructionError\":[2,{\"Custom\":6001}]},"
                    + "\"status\":{\"Err\":{\"InstructionError\":[2,{\"Custom\":6001}]}},"
                    + "\"confirmationStatus\":\"confirmed\"}");

            SwapOutcome outcome = swaps.execute(quote, wallet);

            assertThat(outcome).isInstanceOfSatisfying(SwapOutcome.Failed.class, failed -> {
                assertThat(failed.signature()).isEqualTo(signature);
                assertThat(failed.error()).isEqualTo("{\"InstructionError\":[2,{\"Custom\":6001}]}");
            });
        }

        @Test
        void gives_up_after_the_timeout_without_resending() {
            answersStatus("null");

            SwapOutcome outcome = swaps.execute(quote, wallet);

            assertThat(outcome).isEqualTo(new SwapOutcome.Unconfirmed(signature));
            assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-01T12:00:30Z"));
            server.verify(16, rpc("getSignatureStatuses"));
            server.verify(1, rpc("sendTransaction"));
        }

        @Test
        void keeps_waiting_when_the_node_is_briefly_unhealthy() {
            server.stubFor(statusCall()
                    .inScenario("unhealthy")
                    .whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(
                            okJson(
                                    "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32005,\"message\":\"Node is unhealthy\"},\"id\":1}"))
                    .willSetStateTo("healthy"));
            server.stubFor(statusCall()
                    .inScenario("unhealthy")
                    .whenScenarioStateIs("healthy")
                    .willReturn(okJson(statuses("{\"slot\":11,\"confirmations\":1,\"err\":null,"
                            + "\"status\":{\"Ok\":null},\"confirmationStatus\":\"confirmed\"}"))));

            assertThat(swaps.confirm(signature)).isEqualTo(new SwapOutcome.Confirmed(signature, 11, "confirmed"));
        }
    }

    private void answersStatus(String status) {
        server.stubFor(statusCall().willReturn(okJson(statuses(status))));
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder statusCall() {
        return post(urlEqualTo("/")).withRequestBody(matchingJsonPath("$.method", equalTo("getSignatureStatuses")));
    }

    private static String statuses(String status) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"context\":{\"apiVersion\":\"2.0.15\",\"slot\":341197247},"
                + "\"value\":[" + status + "]},\"id\":1}";
    }

    private static RequestPatternBuilder rpc(String method) {
        return postRequestedFor(urlEqualTo("/")).withRequestBody(matchingJsonPath("$.method", equalTo(method)));
    }

    private static List<String> sentTransactions() {
        JsonMapper json = JsonMapper.builder().build();
        return server.findAll(rpc("sendTransaction")).stream()
                .map(request -> json.readTree(request.getBodyAsString())
                        .path("params")
                        .path(0)
                        .asString())
                .toList();
    }
}
