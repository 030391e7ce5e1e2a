package dev.puppetengine.shared;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The one root for failures of external calls (X, LLM providers, Solana, Jupiter), split by what the caller can do:
 * {@link Transient} may succeed later, {@link Permanent} will not without a human. Messages never contain secrets.
 */
public abstract sealed class ExternalServiceException extends RuntimeException
        permits ExternalServiceException.Transient, ExternalServiceException.Permanent {

    private final String service;

    protected ExternalServiceException(String service, String message, @Nullable Throwable cause) {
        super(service + ": " + message, cause);
        this.service = service;
    }

    public String service() {
        return service;
    }

    public abstract static sealed class Transient extends ExternalServiceException
            permits RateLimited, Unavailable, TimedOut {
        protected Transient(String service, String message, @Nullable Throwable cause) {
            super(service, message, cause);
        }
    }

    public abstract static sealed class Permanent extends ExternalServiceException
            permits AuthFailed, InvalidRequest, ContentRejected {
        protected Permanent(String service, String message, @Nullable Throwable cause) {
            super(service, message, cause);
        }
    }

    /** 429 or an exhausted rate limit; {@code retryAfter} is how long to wait, when known. */
    public static final class RateLimited extends Transient {
        private final @Nullable Duration retryAfter;

        public RateLimited(String service, String message, @Nullable Duration retryAfter) {
            super(service, message, null);
            this.retryAfter = retryAfter;
        }

        public @Nullable Duration retryAfter() {
            return retryAfter;
        }
    }

    /** 5xx, connection refused, circuit open. */
    public static final class Unavailable extends Transient {
        public Unavailable(String service, String message, @Nullable Throwable cause) {
            super(service, message, cause);
        }
    }

    public static final class TimedOut extends Transient {
        public TimedOut(String service, String message, @Nullable Throwable cause) {
            super(service, message, cause);
        }
    }

    /** 401/403: bad or revoked credentials, missing permission. */
    public static final class AuthFailed extends Permanent {
        public AuthFailed(String service, String message, @Nullable Throwable cause) {
            super(service, message, cause);
        }
    }

    /** 400/404/422: the request itself is wrong. */
    public static final class InvalidRequest extends Permanent {
        public InvalidRequest(String service, String message, @Nullable Throwable cause) {
            super(service, message, cause);
        }
    }

    /** The service refused the content (duplicate post, policy). */
    public static final class ContentRejected extends Permanent {
        public ContentRejected(String service, String message, @Nullable Throwable cause) {
            super(service, message, cause);
        }
    }
}
