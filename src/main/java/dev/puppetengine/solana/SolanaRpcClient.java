package dev.puppetengine.solana;

import dev.puppetengine.shared.ExternalServiceException.InvalidRequest;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Solana JSON-RPC 2.0 ({@code puppet.solana.rpc-url}): balances at {@code confirmed} commitment, sending a signed
 * transaction, and reading its status. Reads are idempotent; {@link #sendTransaction} is not retried here. Failures
 * are {@link dev.puppetengine.shared.ExternalServiceException}s (see {@link SolanaErrors}). Thread-safe.
 */
public final class SolanaRpcClient {

    static final String TOKEN_PROGRAM = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
    static final String TOKEN_2022_PROGRAM = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb";
    private static final String COMMITMENT = "confirmed";

    private final URI rpcUrl;
    private final JsonHttp http;
    private final Duration timeout;
    private final AtomicLong ids = new AtomicLong();

    SolanaRpcClient(URI rpcUrl, JsonHttp http, Duration timeout) {
        this.rpcUrl = rpcUrl;
        this.http = http;
        this.timeout = timeout;
    }

    /** The SOL balance of {@code address} in lamports ({@code getBalance}). */
    public long lamports(String address) {
        ArrayNode params = params().add(address);
        params.addObject().put("commitment", COMMITMENT);
        JsonNode value = call("getBalance", params).path("value");
        if (!value.isIntegralNumber() || value.asLong() < 0) {
            throw new InvalidRequest(SolanaErrors.RPC, "getBalance answered without a lamport value", null);
        }
        return value.asLong();
    }

    /**
     * The SPL tokens {@code owner} holds, by mint, from its token accounts under both token programs
     * ({@code getTokenAccountsByOwner}, {@code jsonParsed}); several accounts of one mint add up. Empty accounts are
     * left out.
     */
    public Map<String, TokenBalance> tokens(String owner) {
        Map<String, TokenBalance> byMint = new LinkedHashMap<>();
        for (String program : List.of(TOKEN_PROGRAM, TOKEN_2022_PROGRAM)) {
            ArrayNode params = params().add(owner);
            params.addObject().put("programId", program);
            params.addObject().put("encoding", "jsonParsed").put("commitment", COMMITMENT);
            for (JsonNode account :
                    call("getTokenAccountsByOwner", params).path("value").values()) {
                JsonNode info =
                        account.path("account").path("data").path("parsed").path("info");
                JsonNode tokenAmount = info.path("tokenAmount");
                String mint = info.path("mint").asString("");
                String amount = tokenAmount.path("amount").asString("");
                if (mint.isEmpty()
                        || !amount.matches("[0-9]{1,40}")
                        || !tokenAmount.path("decimals").isIntegralNumber()) {
                    throw new InvalidRequest(
                            SolanaErrors.RPC,
                            "getTokenAccountsByOwner answered an account without mint or amount",
                            null);
                }
                BigInteger raw = new BigInteger(amount);
                if (raw.signum() == 0) {
                    continue;
                }
                int decimals = tokenAmount.path("decimals").asInt();
                byMint.merge(mint, new TokenBalance(mint, raw, decimals), (held, more) -> held.plus(more.amount()));
            }
        }
        return byMint;
    }

    /** SOL and SPL balances of {@code owner}. */
    public WalletBalances balances(String owner) {
        return new WalletBalances(lamports(owner), tokens(owner));
    }

    /**
     * Sends a signed transaction (base64 wire bytes) with preflight at {@code confirmed}; returns the signature the
     * node reports. Never retried: a caller that lost the answer checks {@link #findStatus} first.
     */
    public String sendTransaction(String base64Transaction) {
        ArrayNode params = params().add(base64Transaction);
        params.addObject()
                .put("encoding", "base64")
                .put("skipPreflight", false)
                .put("preflightCommitment", COMMITMENT)
                .put("maxRetries", 0);
        JsonNode result = call("sendTransaction", params);
        if (!result.isString() || result.asString().isEmpty()) {
            throw new InvalidRequest(SolanaErrors.RPC, "sendTransaction answered without a signature", null);
        }
        return result.asString();
    }

    /** Where a transaction stands, if the node's recent status cache knows it ({@code getSignatureStatuses}). */
    public Optional<SignatureStatus> findStatus(String signature) {
        return findStatus(signature, false);
    }

    /**
     * Where a transaction stands; with {@code searchHistory} the node also looks beyond its recent status cache, as
     * recovery must after a downtime (a transaction that landed long ago is otherwise "not found").
     */
    public Optional<SignatureStatus> findStatus(String signature, boolean searchHistory) {
        ArrayNode params = params();
        params.addArray().add(signature);
        params.addObject().put("searchTransactionHistory", searchHistory);
        JsonNode status = call("getSignatureStatuses", params).path("value").path(0);
        if (status.isMissingNode() || status.isNull()) {
            return Optional.empty();
        }
        JsonNode err = status.path("err");
        return Optional.of(new SignatureStatus(
                status.path("slot").asLong(0),
                status.path("confirmationStatus").asString("processed"),
                err.isMissingNode() || err.isNull() ? null : err.toString()));
    }

    /** The current block height at {@code confirmed} ({@code getBlockHeight}): a blockhash expires above its last valid one. */
    public long blockHeight() {
        ArrayNode params = params();
        params.addObject().put("commitment", COMMITMENT);
        JsonNode result = call("getBlockHeight", params);
        if (!result.isIntegralNumber() || result.asLong() < 0) {
            throw new InvalidRequest(SolanaErrors.RPC, "getBlockHeight answered without a block height", null);
        }
        return result.asLong();
    }

    /**
     * A transaction's status: {@code confirmationStatus} is {@code processed}, {@code confirmed} or
     * {@code finalized}; {@code error} is the node's error JSON when the transaction failed on chain.
     */
    public record SignatureStatus(
            long slot, String confirmationStatus, @Nullable String error) {
        public boolean landed() {
            return confirmationStatus.equals("confirmed") || confirmationStatus.equals("finalized");
        }
    }

    private ArrayNode params() {
        return http.json().createArrayNode();
    }

    private JsonNode call(String method, ArrayNode params) {
        ObjectNode request = http.json().createObjectNode();
        request.put("jsonrpc", "2.0").put("id", ids.incrementAndGet()).put("method", method);
        request.set("params", params);
        HttpRequest http = HttpRequest.newBuilder(rpcUrl)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString(), StandardCharsets.UTF_8))
                .build();
        JsonNode response = this.http.send(SolanaErrors.RPC, method, http);
        JsonNode error = response.path("error");
        if (error.isObject()) {
            throw SolanaErrors.fromRpcError(
                    method, error.path("code").asLong(0), error.path("message").asString(""));
        }
        JsonNode result = response.path("result");
        if (result.isMissingNode()) {
            throw SolanaErrors.notJson(SolanaErrors.RPC, method);
        }
        return result;
    }
}
