package dev.puppetengine.llm.langchain4j;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** A non-2xx answer from a provider, with the {@code retry-after} it sent (LangChain4j's own exception drops it). */
public final class ProviderHttpException extends HttpException {

    private final @Nullable Duration retryAfter;
    private final String body;

    public ProviderHttpException(int statusCode, String body, @Nullable Duration retryAfter) {
        super(statusCode, "HTTP " + statusCode);
        this.body = body;
        this.retryAfter = retryAfter;
    }

    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    /** The response body; may echo request details, so it is for parsing error codes, not for logs. */
    public String body() {
        return body;
    }
}
