package dev.puppetengine.solana;

import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.shared.ExternalServiceException.AuthFailed;
import dev.puppetengine.shared.ExternalServiceException.ContentRejected;
import dev.puppetengine.shared.ExternalServiceException.InvalidRequest;
import dev.puppetengine.shared.ExternalServiceException.RateLimited;
import dev.puppetengine.shared.ExternalServiceException.TimedOut;
import dev.puppetengine.shared.ExternalServiceException.Unavailable;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The one place Solana RPC and Jupiter failures become {@link ExternalServiceException}s. HTTP: 429 rate limited
 * ({@code Retry-After} seconds when sent), 401/403 auth failed, 5xx unavailable, other 4xx invalid request. JSON-RPC
 * errors: a refused transaction (-32002 preflight failure, -32003 bad signature) is content rejected, -32600..-32602
 * invalid request, -32603 and the node's own -32004..-32016 (unhealthy, slot skipped, behind) unavailable. Messages
 * quote the service's words, shortened; requests carry no secret to quote.
 */
final class SolanaErrors {

    static final String RPC = "solana-rpc";
    static final String JUPITER = "jupiter";
    private static final int MAX_DETAIL = 300;

    private SolanaErrors() {}

    static ExternalServiceException fromStatus(
            String service, String call, int status, String body, HttpHeaders headers) {
        String message = call + " answered " + status + ": " + shorten(body);
        if (status == 429) {
            return new RateLimited(service, message, retryAfter(headers));
        }
        if (status == 401 || status == 403) {
            return new AuthFailed(service, message, null);
        }
        if (status >= 500) {
            return new Unavailable(service, message, null);
        }
        return new InvalidRequest(service, message, null);
    }

    static ExternalServiceException fromRpcError(String call, long code, String errorMessage) {
        String message = call + " failed with " + code + ": " + shorten(errorMessage);
        if (code == -32002 || code == -32003) {
            return new ContentRejected(RPC, message, null);
        }
        if (code == -32600 || code == -32601 || code == -32602) {
            return new InvalidRequest(RPC, message, null);
        }
        if (code == -32603 || (code <= -32004 && code >= -32099)) {
            return new Unavailable(RPC, message, null);
        }
        return new InvalidRequest(RPC, message, null);
    }

    static ExternalServiceException fromException(String service, String call, Exception failure) {
        if (failure instanceof HttpTimeoutException) {
            return new TimedOut(service, call + " timed out", failure);
        }
        if (failure instanceof IOException) {
            return new Unavailable(
                    service, call + " failed: " + failure.getClass().getSimpleName(), failure);
        }
        return new Unavailable(service, call + " interrupted", failure);
    }

    static ExternalServiceException notJson(String service, String call) {
        return new Unavailable(service, call + " answered with a body that is not the expected JSON", null);
    }

    private static @Nullable Duration retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After")
                .filter(value -> value.chars().allMatch(Character::isDigit) && !value.isEmpty() && value.length() < 9)
                .map(value -> Duration.ofSeconds(Long.parseLong(value)))
                .orElse(null);
    }

    static String shorten(String body) {
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= MAX_DETAIL ? flat : flat.substring(0, MAX_DETAIL) + "…";
    }
}
