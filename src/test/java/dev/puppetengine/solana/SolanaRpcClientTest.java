package dev.puppetengine.solana;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.puppetengine.persona.Secret;
import dev.puppetengine.shared.ExternalServiceException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The RPC client against WireMock answering as a Solana node does (the JSON-RPC docs' response shapes). */
class SolanaRpcClientTest {

    static final WireMockServer node = new WireMockServer(options().dynamicPort());
    static final String OWNER = "A1TMhSGzQxMr1TboBKtgixKz1sS6REASMxPo1qsyTSJd";

    private SolanaRpcClient rpc;

    @BeforeAll
    static void start() {
        node.start();
    }

    @AfterAll
    static void stop() {
        node.stop();
    }

    @BeforeEach
    void client() {
        node.resetAll();
        rpc = clients(URI.create(node.baseUrl()), URI.create(node.baseUrl() + "/swap/v1"), Secret.of(""))
                .rpc();
    }

    static SolanaClients clients(URI rpcUrl, URI jupiterUrl, Secret apiKey) {
        SolanaProperties properties = new SolanaProperties(
                rpcUrl,
                jupiterUrl,
                apiKey,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(2),
                false,
                null);
        return SolanaClients.create(
                properties,
                HttpClient.newHttpClient(),
                JsonMapper.builder().build(),
                new SimpleMeterRegistry(),
                Clock.systemUTC());
    }

    static void answers(WireMockServer server, String method, String result) {
        server.stubFor(post(urlEqualTo("/"))
                .withRequestBody(matchingJsonPath("$.method", equalTo(method)))
                .willReturn(okJson("{\"jsonrpc\":\"2.0\",\"result\":" + result + ",\"id\":1}")));
    }

    @Test
    void reads_the_sol_balance_in_lamports() {
        answers(
                node,
                "getBalance",
                "{\"context\":{\"apiVersion\":\"2.0.15\",\"slot\":341197053},\"value\":1500000000}");

        assertThat(rpc.lamports(OWNER)).isEqualTo(1_500_000_000L);
        node.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(matchingJsonPath("$.jsonrpc", equalTo("2.0")))
                .withRequestBody(matchingJsonPath("$.params[0]", equalTo(OWNER)))
                .withRequestBody(matchingJsonPath("$.params[1].commitment", equalTo("confirmed"))));
    }

    @Test
    void adds_up_spl_balances_by_mint_over_both_token_programs() {
        node.stubFor(post(urlEqualTo("/"))
                .withRequestBody(matchingJsonPath("$.method", equalTo("getTokenAccountsByOwner")))
                .withRequestBody(matchingJsonPath("$.params[1].programId", equalTo(SolanaRpcClient.TOKEN_PROGRAM)))
                .withRequestBody(matchingJsonPath("$.params[2].encoding", equalTo("jsonParsed")))
                .willReturn(okJson(tokenAccounts(
                        account(SolanaFixtures.USDC, "12500000", 6, SolanaRpcClient.TOKEN_PROGRAM),
                        account(SolanaFixtures.USDC, "500000", 6, SolanaRpcClient.TOKEN_PROGRAM),
                        account(SolanaFixtures.BONK, "0", 5, SolanaRpcClient.TOKEN_PROGRAM)))));
        String token2022Mint = "2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo";
        node.stubFor(post(urlEqualTo("/"))
                .withRequestBody(matchingJsonPath("$.method", equalTo("getTokenAccountsByOwner")))
                .withRequestBody(matchingJsonPath("$.params[1].programId", equalTo(SolanaRpcClient.TOKEN_2022_PROGRAM)))
                .willReturn(okJson(tokenAccounts(account(token2022Mint, "7", 0, SolanaRpcClient.TOKEN_2022_PROGRAM)))));

        answers(node, "getBalance", "{\"context\":{\"slot\":1},\"value\":5}");

        Map<String, TokenBalance> tokens = rpc.tokens(OWNER);

        assertThat(tokens)
                .containsOnlyKeys(SolanaFixtures.USDC, token2022Mint)
                .containsEntry(
                        SolanaFixtures.USDC, new TokenBalance(SolanaFixtures.USDC, BigInteger.valueOf(13_000_000), 6))
                .containsEntry(token2022Mint, new TokenBalance(token2022Mint, BigInteger.valueOf(7), 0));
        assertThat(rpc.balances(OWNER).findToken(SolanaFixtures.USDC).map(TokenBalance::uiAmount))
                .hasValueSatisfying(amount -> assertThat(amount).isEqualByComparingTo("13"));
    }

    @Test
    void sends_a_transaction_as_base64_with_preflight() {
        answers(
                node,
                "sendTransaction",
                "\"2id3YC2jK9G5Wo2phDx4gJVAew8DcY5NAojnVuao8rkxwPYPe8cSwE5GzhEgJA2y8fVjDEo6iR6ykBvDxrTQrtpb\"");

        assertThat(rpc.sendTransaction("AQID"))
                .isEqualTo("2id3YC2jK9G5Wo2phDx4gJVAew8DcY5NAojnVuao8rkxwPYPe8cSwE5GzhEgJA2y8fVjDEo6iR6ykBvDxrTQrtpb");
        node.verify(
                postRequestedFor(urlEqualTo("/"))
                        .withRequestBody(
                                matchingJsonPath(
                                        "$.params",
                                        equalToJson(
                                                "[\"AQID\",{\"encoding\":\"base64\",\"skipPreflight\":false,\"preflightCommitment\":\"confirmed\",\"maxRetries\":0}]"))));
    }

    @Test
    void a_refused_preflight_is_content_rejected_with_the_node_message() {
        node.stubFor(post(urlEqualTo("/")).willReturn(okJson("""
                        {"jsonrpc":"2.0","error":{"code":-32002,"message":"Transaction simulation failed: Error processing Instruction 2: custom program error: 0x1771","data":{"accounts":null,"err":{"InstructionError":[2,{"Custom":6001}]},"logs":["Program JUP6LkbZbjS1jKKwapdHNy74zcZ3tLUZoi5QNyVTaV4 failed: custom program error: 0x1771"],"unitsConsumed":62312}},"id":1}
                        """)));

        assertThatThrownBy(() -> rpc.sendTransaction("AQID"))
                .isInstanceOf(ExternalServiceException.ContentRejected.class)
                .hasMessageContaining("solana-rpc: sendTransaction failed with -32002: Transaction simulation failed");
    }

    @Test
    void reads_a_signature_status_and_knows_an_unknown_one() {
        answers(node, "getSignatureStatuses", """
                {"context":{"apiVersion":"2.0.15","slot":341197247},"value":[{"slot":341197245,"confirmations":null,"err":null,"status":{"Ok":null},"confirmationStatus":"finalized"}]}
                """);

        assertThat(rpc.findStatus("sig")).contains(new SolanaRpcClient.SignatureStatus(341197245, "finalized", null));
        node.verify(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(matchingJsonPath("$.params[0][0]", equalTo("sig")))
                .withRequestBody(matchingJsonPath("$.params[1].searchTransactionHistory", equalTo("false"))));

        answers(node, "getSignatureStatuses", "{\"context\":{\"slot\":341197248},\"value\":[null]}");
        assertThat(rpc.findStatus("sig")).isEmpty();
    }

    @Test
    void an_unhealthy_node_is_transient() {
        node.stubFor(
                post(urlEqualTo("/"))
                        .willReturn(
                                okJson(
                                        "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32005,\"message\":\"Node is behind by 42 slots\",\"data\":{\"numSlotsBehind\":42}},\"id\":1}")));

        assertThatThrownBy(() -> rpc.lamports(OWNER)).isInstanceOf(ExternalServiceException.Unavailable.class);
    }

    @Test
    void a_rate_limited_node_says_when_to_retry() {
        node.stubFor(post(urlEqualTo("/"))
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "7")
                        .withBody("Too many requests")));

        assertThatThrownBy(() -> rpc.lamports(OWNER))
                .isInstanceOfSatisfying(
                        ExternalServiceException.RateLimited.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
    }

    private static String tokenAccounts(String... accounts) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"context\":{\"apiVersion\":\"2.0.15\",\"slot\":341197933},\"value\":["
                + String.join(",", accounts) + "]},\"id\":1}";
    }

    private static String account(String mint, String amount, int decimals, String program) {
        return """
                {"pubkey":"BGocb4GEpbTFm8UFV2VsDSaBXHELPfAXrvd4vtt8QWrA","account":{"data":{"program":"spl-token",\
                "parsed":{"info":{"isNative":false,"mint":"%s","owner":"%s","state":"initialized",\
                "tokenAmount":{"amount":"%s","decimals":%d,"uiAmount":1.0,"uiAmountString":"1"}},"type":"account"},\
                "space":165},"executable":false,"lamports":2039280,"owner":"%s","rentEpoch":18446744073709551615,\
                "space":165}}""".formatted(mint, OWNER, amount, decimals, program);
    }
}
