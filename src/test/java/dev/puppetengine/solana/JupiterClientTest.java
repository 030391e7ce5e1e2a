package dev.puppetengine.solana;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.puppetengine.persona.Secret;
import dev.puppetengine.shared.ExternalServiceException;
import java.math.BigInteger;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Jupiter client against WireMock answering in Jupiter's swap API v1 format. */
class JupiterClientTest {

    static final WireMockServer jupiterServer = new WireMockServer(options().dynamicPort());
    static final String WALLET = "3twxcmkHdDB3mGXtaaTRjdqsf2xbJcH7V5ksuHPAKiBV";

    @BeforeAll
    static void start() {
        jupiterServer.start();
    }

    @AfterAll
    static void stop() {
        jupiterServer.stop();
    }

    @BeforeEach
    void reset() {
        jupiterServer.resetAll();
    }

    private JupiterClient jupiter(String apiKey) {
        return SolanaRpcClientTest.clients(
                        URI.create(jupiterServer.baseUrl()),
                        URI.create(jupiterServer.baseUrl() + "/swap/v1/"),
                        Secret.of(apiKey))
                .jupiter();
    }

    @Test
    void asks_for_an_exact_in_quote_and_reads_it() {
        String quote = SolanaFixtures.quoteJson(
                TradeLimits.SOL_MINT, SolanaFixtures.USDC, 100_000_000, 16_198_753, 50, "0.0012");
        jupiterServer.stubFor(get(urlPathEqualTo("/swap/v1/quote")).willReturn(okJson(quote)));

        JupiterQuote read =
                jupiter("").quote(TradeLimits.SOL_MINT, SolanaFixtures.USDC, BigInteger.valueOf(100_000_000), 50);

        assertThat(read.inAmount()).isEqualTo(100_000_000);
        assertThat(read.outAmount()).isEqualTo(16_198_753);
        assertThat(read.slippageBps()).isEqualTo(50);
        assertThat(read.priceImpactPercent()).isEqualByComparingTo("0.12");
        assertThat(read.swapMode()).isEqualTo("ExactIn");
        jupiterServer.verify(getRequestedFor(urlEqualTo("/swap/v1/quote?inputMint=" + TradeLimits.SOL_MINT
                        + "&outputMint=" + SolanaFixtures.USDC + "&amount=100000000&slippageBps=50&swapMode=ExactIn"))
                .withHeader("x-api-key", absent()));
    }

    @Test
    void sends_the_api_key_when_one_is_set() {
        jupiterServer.stubFor(get(urlPathEqualTo("/swap/v1/quote"))
                .willReturn(
                        okJson(SolanaFixtures.quoteJson(TradeLimits.SOL_MINT, SolanaFixtures.USDC, 5, 1, 50, "0"))));

        jupiter("jup-key-123").quote(TradeLimits.SOL_MINT, SolanaFixtures.USDC, BigInteger.valueOf(5), 50);

        jupiterServer.verify(
                getRequestedFor(urlPathEqualTo("/swap/v1/quote")).withHeader("x-api-key", equalTo("jup-key-123")));
    }

    @Test
    void posts_the_quote_back_unchanged_for_the_swap_transaction() {
        String quoteJson =
                SolanaFixtures.quoteJson(TradeLimits.SOL_MINT, SolanaFixtures.USDC, 100_000_000, 16_198_753, 50, "0");
        jupiterServer.stubFor(get(urlPathEqualTo("/swap/v1/quote")).willReturn(okJson(quoteJson)));
        jupiterServer.stubFor(post(urlEqualTo("/swap/v1/swap")).willReturn(okJson(swapResponse("AQAB"))));
        JupiterClient client = jupiter("");
        JupiterQuote quote =
                client.quote(TradeLimits.SOL_MINT, SolanaFixtures.USDC, BigInteger.valueOf(100_000_000), 50);

        JupiterClient.SwapTransaction swap = client.swap(quote, WALLET);

        assertThat(swap).isEqualTo(new JupiterClient.SwapTransaction("AQAB", 279632475));
        jupiterServer.verify(postRequestedFor(urlEqualTo("/swap/v1/swap"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(matchingJsonPath("$.userPublicKey", equalTo(WALLET)))
                .withRequestBody(matchingJsonPath("$.wrapAndUnwrapSol", equalTo("true"))));
        String sent = jupiterServer
                .findAll(postRequestedFor(urlEqualTo("/swap/v1/swap")))
                .getFirst()
                .getBodyAsString();
        assertThat(sent).startsWith("{\"quoteResponse\":" + quoteJson.strip() + ",");
    }

    @Test
    void no_route_is_an_invalid_request_with_jupiters_words() {
        jupiterServer.stubFor(
                get(urlPathEqualTo("/swap/v1/quote"))
                        .willReturn(
                                aResponse()
                                        .withStatus(400)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"error\":\"Could not find any route\",\"errorCode\":\"COULD_NOT_FIND_ANY_ROUTE\"}")));

        assertThatThrownBy(() -> jupiter("").quote(TradeLimits.SOL_MINT, SolanaFixtures.BONK, BigInteger.TEN, 50))
                .isInstanceOf(ExternalServiceException.InvalidRequest.class)
                .hasMessageContaining("COULD_NOT_FIND_ANY_ROUTE");
    }

    @Test
    void a_swap_that_failed_jupiters_simulation_is_rejected() {
        jupiterServer.stubFor(
                post(urlEqualTo("/swap/v1/swap"))
                        .willReturn(
                                okJson(
                                        "{\"swapTransaction\":\"AQAB\",\"lastValidBlockHeight\":1,"
                                                + "\"simulationError\":{\"errorCode\":\"INSUFFICIENT_FUNDS\",\"error\":\"Insufficient funds\"}}")));
        JupiterQuote quote = new JupiterQuote(
                TradeLimits.SOL_MINT,
                SolanaFixtures.USDC,
                BigInteger.ONE,
                BigInteger.ONE,
                BigInteger.ONE,
                "ExactIn",
                50,
                java.math.BigDecimal.ZERO,
                "{}");

        assertThatThrownBy(() -> jupiter("").swap(quote, WALLET))
                .isInstanceOf(ExternalServiceException.ContentRejected.class)
                .hasMessageContaining("INSUFFICIENT_FUNDS");
    }

    static String swapResponse(String transaction) {
        return """
                {"swapTransaction":"%s","lastValidBlockHeight":279632475,"prioritizationFeeLamports":9999,\
                "computeUnitLimit":388876,"prioritizationType":{"computeBudget":{"microLamports":25715,\
                "estimatedMicroLamports":785154}},"dynamicSlippageReport":null,"simulationError":null}""".formatted(transaction);
    }
}
