package dev.puppetengine.social.twitter;

import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.shared.ExternalServiceException.AuthFailed;
import dev.puppetengine.shared.ExternalServiceException.ContentRejected;
import dev.puppetengine.shared.ExternalServiceException.InvalidRequest;
import dev.puppetengine.shared.ExternalServiceException.RateLimited;
import dev.puppetengine.shared.ExternalServiceException.TimedOut;
import dev.puppetengine.shared.ExternalServiceException.Unavailable;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The one place X API failures become {@link ExternalServiceException}s: 400/404/422 invalid request, 401/403 auth
 * failed (403 for duplicate content is content rejected), 429 rate limited until the reset of the exhausted limit
 * ({@code x-rate-limit-reset}, or a 24-hour limit's), 5xx
 * and I/O unavailable, timeouts timed out. Messages carry X's problem title and detail, never credentials.
 */
public final class TwitterErrorMapper {

    static final String SERVICE = "x";
    private static final int MAX_DETAIL = 300;

    private final Clock clock;

    public TwitterErrorMapper(Clock clock) {
        this.clock = clock;
    }

    /** Maps an error response; {@code body} is X's problem JSON (or anything else, which is quoted, shortened). */
    public ExternalServiceException fromResponse(
            XEndpoint endpoint, int status, String body, java.net.http.HttpHeaders headers) {
        String message = endpoint + " answered " + status + ": " + shorten(body);
        String lower = body.toLowerCase(Locale.ROOT);
        if (status == 429) {
            return new RateLimited(SERVICE, message, retryAfter(headers));
        }
        if (status == 403 && lower.contains("duplicate content")) {
            return new ContentRejected(SERVICE, message, null);
        }
        if (status == 403 && lower.contains("deleted or not visible")) {
            return new InvalidRequest(SERVICE, message, null);
        }
        if (status == 401 || status == 403) {
            return new AuthFailed(SERVICE, message, null);
        }
        if (status >= 500) {
            return new Unavailable(SERVICE, message, null);
        }
        return new InvalidRequest(SERVICE, message, null);
    }

    /** Maps a failure to get any response at all. */
    public ExternalServiceException fromException(XEndpoint endpoint, Exception failure) {
        if (failure instanceof HttpTimeoutException) {
            return new TimedOut(SERVICE, endpoint + " timed out", failure);
        }
        if (failure instanceof IOException) {
            return new Unavailable(
                    SERVICE, endpoint + " failed: " + failure.getClass().getSimpleName(), failure);
        }
        return new Unavailable(SERVICE, endpoint + " interrupted", failure);
    }

    /**
     * When a rate limit lifts: the reset of an exhausted 24-hour limit ({@code x-user-limit-24hour-reset},
     * {@code x-app-limit-24hour-reset}), else {@code x-rate-limit-reset} (epoch seconds), if X sent one.
     */
    @Nullable
    Instant resetTime(java.net.http.HttpHeaders headers) {
        return RateLimits.resetOf429(headers);
    }

    private @Nullable Duration retryAfter(java.net.http.HttpHeaders headers) {
        Instant reset = resetTime(headers);
        if (reset == null) {
            return null;
        }
        Duration wait = Duration.between(clock.instant(), reset);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    private static String shorten(String body) {
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= MAX_DETAIL ? flat : flat.substring(0, MAX_DETAIL) + "…";
    }
}
