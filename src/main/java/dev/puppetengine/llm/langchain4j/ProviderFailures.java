package dev.puppetengine.llm.langchain4j;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.puppetengine.shared.ExternalServiceException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps what a provider call threw to the {@link ExternalServiceException} tree: the HTTP status first (kept by
 * {@link ProviderHttpException}), then LangChain4j's exception types, then transport failures. Messages carry the
 * status and the provider's error type or code, never the body's free text (it may echo a key).
 */
public final class ProviderFailures {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProviderFailures() {}

    public static ExternalServiceException map(String service, Throwable failure) {
        if (failure instanceof ExternalServiceException mapped) {
            return mapped;
        }
        ProviderHttpException http = find(failure, ProviderHttpException.class);
        if (http != null) {
            return forStatus(service, http.statusCode(), errorCode(http.body()), http);
        }
        if (find(failure, HttpTimeoutException.class) != null || find(failure, TimeoutException.class) != null) {
            return new ExternalServiceException.TimedOut(service, "no answer in time", failure);
        }
        if (find(failure, ConnectException.class) != null || find(failure, UnresolvedAddressException.class) != null) {
            return new ExternalServiceException.Unavailable(service, "cannot connect", failure);
        }
        if (find(failure, AuthenticationException.class) != null) {
            return new ExternalServiceException.AuthFailed(service, "authentication failed", failure);
        }
        if (find(failure, RateLimitException.class) != null) {
            return new ExternalServiceException.RateLimited(service, "rate limited", null);
        }
        if (find(failure, ContentFilteredException.class) != null) {
            return new ExternalServiceException.ContentRejected(service, "content filtered", failure);
        }
        if (find(failure, InvalidRequestException.class) != null
                || find(failure, ModelNotFoundException.class) != null) {
            return new ExternalServiceException.InvalidRequest(service, "invalid request", failure);
        }
        return new ExternalServiceException.Unavailable(
                service, "call failed: " + failure.getClass().getSimpleName(), failure);
    }

    static ExternalServiceException forStatus(String service, int status, String code, @Nullable Throwable cause) {
        String message = "HTTP " + status + (code.isEmpty() ? "" : " " + code);
        return switch (status) {
            case 401, 403 -> new ExternalServiceException.AuthFailed(service, message, cause);
            case 429 ->
                new ExternalServiceException.RateLimited(
                        service, message, cause instanceof ProviderHttpException p ? p.retryAfter() : null);
            case 408 -> new ExternalServiceException.TimedOut(service, message, cause);
            default ->
                status >= 500
                        ? new ExternalServiceException.Unavailable(service, message, cause)
                        : new ExternalServiceException.InvalidRequest(service, message, cause);
        };
    }

    /** The provider's machine-readable error type or code, e.g. {@code invalid_api_key} or {@code overloaded_error}. */
    private static String errorCode(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            for (String field : new String[] {"code", "type"}) {
                JsonNode value = error.path(field);
                if (value.isString() && value.asString().matches("[A-Za-z0-9_.\\-]{1,64}")) {
                    return value.asString().toLowerCase(Locale.ROOT);
                }
            }
            return "";
        } catch (JacksonException | IllegalArgumentException e) {
            return "";
        }
    }

    private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < 10; depth++) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            current = current.getCause();
        }
        return null;
    }
}
