package dev.puppetengine.llm;

import dev.puppetengine.shared.ExternalServiceException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider with retries, a circuit breaker and an optional fallback (DESIGN §5.1). Rate limits, 5xx and timeouts
 * are retried with exponential backoff, waiting at least the provider's {@code retry-after}; 5xx and timeouts count
 * towards the circuit, which, once open, fails fast. When retries are exhausted or the circuit is open the fallback
 * (another provider) answers, if there is one. Permanent failures (bad key, bad request) are never retried. Retries
 * log at DEBUG and circuit transitions at INFO: the callers report the outcome once per persona (no WARN per call).
 */
public final class ResilientLanguageModel implements LanguageModel {

    private static final Logger log = LoggerFactory.getLogger(ResilientLanguageModel.class);

    /** Retry and circuit-breaker settings. */
    public record Settings(
            int maxAttempts,
            Duration backoff,
            Duration maxWait,
            int circuitWindow,
            int circuitMinimumCalls,
            float circuitFailureRate,
            Duration circuitOpenFor) {

        /** Calls in the circuit breaker's sliding window; not a setting. */
        public static final int CIRCUIT_WINDOW = 10;

        /** Failure percentage in the window that opens the circuit; not a setting. */
        public static final float CIRCUIT_FAILURE_RATE = 50f;

        public Settings {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1");
            }
        }
    }

    private final LanguageModel delegate;
    private final @Nullable LanguageModel fallback;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;

    public ResilientLanguageModel(LanguageModel delegate, @Nullable LanguageModel fallback, Settings settings) {
        this.delegate = delegate;
        this.fallback = fallback;
        this.retry = Retry.of(
                delegate.name(),
                RetryConfig.custom()
                        .maxAttempts(settings.maxAttempts())
                        .retryOnException(e -> e instanceof ExternalServiceException.Transient)
                        .intervalBiFunction(waitBetweenAttempts(settings))
                        .build());
        this.circuitBreaker = CircuitBreaker.of(
                delegate.name(),
                CircuitBreakerConfig.custom()
                        .slidingWindowSize(settings.circuitWindow())
                        .minimumNumberOfCalls(settings.circuitMinimumCalls())
                        .failureRateThreshold(settings.circuitFailureRate())
                        .waitDurationInOpenState(settings.circuitOpenFor())
                        .recordException(e -> e instanceof ExternalServiceException.Unavailable
                                || e instanceof ExternalServiceException.TimedOut)
                        .build());
        retry.getEventPublisher()
                .onRetry(event -> log.debug(
                        "{} call failed ({}), attempt {} of {}, retrying in {} ms",
                        delegate.name(),
                        event.getLastThrowable() == null
                                ? "?"
                                : event.getLastThrowable().getMessage(),
                        event.getNumberOfRetryAttempts(),
                        settings.maxAttempts(),
                        event.getWaitInterval().toMillis()));
        circuitBreaker
                .getEventPublisher()
                .onStateTransition(
                        event -> log.info("{} circuit breaker: {}", delegate.name(), event.getStateTransition()));
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public boolean isLlm() {
        return delegate.isLlm();
    }

    @Override
    public Generation generate(GenerationRequest request) {
        return call(() -> delegate.generate(request), () -> requireFallback().generate(request));
    }

    @Override
    public <T extends Record> Structured<T> generateStructured(GenerationRequest request, Class<T> type) {
        return call(
                () -> delegate.generateStructured(request, type),
                () -> requireFallback().generateStructured(request, type));
    }

    Retry retry() {
        return retry;
    }

    CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    private <T> T call(Supplier<T> primary, Supplier<T> secondary) {
        try {
            return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(circuitBreaker, primary))
                    .get();
        } catch (CallNotPermittedException e) {
            if (fallback != null) {
                log.info("{} circuit is open: {} answers instead", delegate.name(), fallback.name());
                return secondary.get();
            }
            throw new ExternalServiceException.Unavailable(delegate.name(), "circuit open after repeated failures", e);
        } catch (ExternalServiceException.Transient e) {
            if (fallback != null) {
                log.info("{} failed ({}): {} answers instead", delegate.name(), e.getMessage(), fallback.name());
                return secondary.get();
            }
            throw e;
        }
    }

    private LanguageModel requireFallback() {
        if (fallback == null) {
            throw new IllegalStateException("no fallback provider");
        }
        return fallback;
    }

    private static <T> IntervalBiFunction<T> waitBetweenAttempts(Settings settings) {
        return (attempt, outcome) -> {
            long backoff = settings.backoff().toMillis() * (1L << Math.min(10, Math.max(0, attempt - 1)));
            long wait = backoff;
            if (outcome.isLeft()
                    && outcome.getLeft() instanceof ExternalServiceException.RateLimited limited
                    && limited.retryAfter() != null) {
                wait = Math.max(limited.retryAfter().toMillis(), 0);
            }
            return Math.min(wait, settings.maxWait().toMillis());
        };
    }
}
