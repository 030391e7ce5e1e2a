package dev.puppetengine.solana;

import dev.puppetengine.persona.Secret;
import dev.puppetengine.shared.ExternalServiceException.ContentRejected;
import dev.puppetengine.shared.ExternalServiceException.InvalidRequest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Jupiter's swap API ({@code puppet.solana.jupiter-url}, default {@code https://api.jup.ag/swap/v1}): a quote for an
 * exact input amount, and the swap transaction for a quote, built for the wallet as fee payer and returned unsigned.
 * Sends {@code x-api-key} when one is configured. Both calls are idempotent (nothing moves until the transaction is
 * signed and sent). Thread-safe.
 */
public final class JupiterClient {

    private final URI baseUrl;
    private final Secret apiKey;
    private final JsonHttp http;
    private final Duration timeout;

    JupiterClient(URI baseUrl, Secret apiKey, JsonHttp http, Duration timeout) {
        String base = baseUrl.toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.apiKey = apiKey;
        this.http = http;
        this.timeout = timeout;
    }

    /** A quote to swap exactly {@code amount} base units of {@code inputMint} into {@code outputMint}. */
    public JupiterQuote quote(String inputMint, String outputMint, BigInteger amount, int slippageBps) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a quote needs an amount > 0, was " + amount);
        }
        String query = "?inputMint=" + encode(inputMint) + "&outputMint=" + encode(outputMint) + "&amount=" + amount
                + "&slippageBps=" + slippageBps + "&swapMode=ExactIn";
        HttpRequest request =
                request(URI.create(baseUrl + "/quote" + query)).GET().build();
        JsonHttp.Body body = http.exchange(SolanaErrors.JUPITER, "quote", request);
        JsonNode quote = body.tree();
        try {
            return new JupiterQuote(
                    text(quote, "inputMint"),
                    text(quote, "outputMint"),
                    new BigInteger(text(quote, "inAmount")),
                    new BigInteger(text(quote, "outAmount")),
                    new BigInteger(text(quote, "otherAmountThreshold")),
                    text(quote, "swapMode"),
                    quote.path("slippageBps").asInt(-1),
                    new BigDecimal(quote.path("priceImpactPct").asString("0")),
                    body.text().strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(
                    SolanaErrors.JUPITER, "quote answered an unreadable quote: " + e.getMessage(), null);
        }
    }

    /** The unsigned swap transaction for {@code quote}, paid and signed by {@code walletAddress}. */
    public SwapTransaction swap(JupiterQuote quote, String walletAddress) {
        ObjectNode options = http.json().createObjectNode();
        options.put("userPublicKey", walletAddress)
                .put("wrapAndUnwrapSol", true)
                .put("dynamicComputeUnitLimit", true);
        // The quote goes back as Jupiter sent it, not re-serialized (a tree would drop its null fields).
        String body =
                "{\"quoteResponse\":" + quote.json() + "," + options.toString().substring(1);
        HttpRequest request = request(URI.create(baseUrl + "/swap"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        JsonNode swap = http.send(SolanaErrors.JUPITER, "swap", request);
        JsonNode simulationError = swap.path("simulationError");
        if (!simulationError.isMissingNode() && !simulationError.isNull()) {
            throw new ContentRejected(
                    SolanaErrors.JUPITER,
                    "swap failed its simulation: " + SolanaErrors.shorten(simulationError.toString()),
                    null);
        }
        String transaction = swap.path("swapTransaction").asString("");
        if (transaction.isEmpty()) {
            throw new InvalidRequest(SolanaErrors.JUPITER, "swap answered without a swapTransaction", null);
        }
        return new SwapTransaction(
                transaction, swap.path("lastValidBlockHeight").asLong(0));
    }

    /** Jupiter's {@code swapTransaction} (base64 wire bytes, unsigned) and the block height it is valid until. */
    public record SwapTransaction(String base64, long lastValidBlockHeight) {}

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (!apiKey.value().isBlank()) {
            builder.header("x-api-key", apiKey.value());
        }
        return builder;
    }

    private static String text(JsonNode node, String field) {
        String value = node.path(field).asString("");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("no " + field);
        }
        return value;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
