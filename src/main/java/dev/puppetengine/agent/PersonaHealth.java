package dev.puppetengine.agent;

import dev.puppetengine.llm.PersonaStatusBoard;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.BoundedWarnings;
import dev.puppetengine.shared.ExternalServiceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes failing outside services visible per persona (DESIGN §8): a failed call sets the persona's status
 * ({@code llm_unavailable}, {@code x_unavailable}, {@code rate_limited} with the reset time) with a detail, logs one
 * WARN line per trouble per persona per {@link #WARN_EVERY} (counting the repeats it held back), and says which
 * inputs still need a decision in this outage, so each affected input gets one. Once every failed operation of the
 * persona has succeeded again the status is back to {@code ok}. Statuses that need a human or the next day
 * ({@code auth_error}, {@code budget_exhausted}) are never overwritten. Thread-safe.
 */
public final class PersonaHealth {

    /** How often a persona's repeated trouble of one kind is logged at WARN. */
    public static final Duration WARN_EVERY = BoundedWarnings.EVERY;

    private static final Logger log = LoggerFactory.getLogger(PersonaHealth.class);
    private static final Set<String> KEPT = Set.of(PersonaStatusBoard.AUTH_ERROR, PersonaStatusBoard.BUDGET_EXHAUSTED);

    /** What went wrong, as the status word it shows. */
    public enum Trouble {
        LLM_UNAVAILABLE,
        X_UNAVAILABLE,
        RATE_LIMITED;

        public String status() {
            return name().toLowerCase(Locale.ROOT);
        }

        static boolean isTrouble(@Nullable String status) {
            for (Trouble trouble : values()) {
                if (trouble.status().equals(status)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final PersonaStateStore states;
    private final Clock clock;
    private final BoundedWarnings warnings;
    private final BoundedWarnings authWarnings;
    private final Map<PersonaId, Health> health = new ConcurrentHashMap<>();

    public PersonaHealth(PersonaStateStore states, Clock clock) {
        this.states = Objects.requireNonNull(states);
        this.clock = Objects.requireNonNull(clock);
        this.warnings = new BoundedWarnings(log, clock, WARN_EVERY);
        this.authWarnings = new BoundedWarnings(log, clock, WARN_EVERY);
    }

    /** A model call failed after its retries (or the circuit is open, or it timed out). */
    public void modelFailed(PersonaId personaId, ExternalServiceException failure) {
        failed(personaId, "model", Trouble.LLM_UNAVAILABLE, "the model is unavailable: " + failure.getMessage());
    }

    /** An X call ({@code operation}: post, mentions, ...) failed transiently. */
    public void networkFailed(PersonaId personaId, String operation, ExternalServiceException.Transient failure) {
        if (failure instanceof ExternalServiceException.RateLimited limited) {
            Duration wait = limited.retryAfter() == null ? Duration.ZERO : limited.retryAfter();
            Instant until = clock.instant().plus(wait).truncatedTo(ChronoUnit.SECONDS);
            failed(
                    personaId,
                    operation,
                    Trouble.RATE_LIMITED,
                    "X rate limit on " + operation + " until " + until + ": " + failure.getMessage());
        } else {
            failed(personaId, operation, Trouble.X_UNAVAILABLE, "X is unavailable: " + failure.getMessage());
        }
    }

    /**
     * X refused the persona's credentials (401, or a 403 that is not about the content): status {@code auth_error}
     * with the detail, kept until a human fixes them; logged at ERROR once per {@link #WARN_EVERY}.
     */
    public void networkRefusedCredentials(PersonaId personaId, ExternalServiceException.AuthFailed failure) {
        String detail = "X refused the credentials: " + failure.getMessage();
        authWarnings.warn(personaId, personaId + " " + PersonaStatusBoard.AUTH_ERROR + ": " + detail);
        boolean shown = states.find(personaId)
                .filter(state ->
                        state.status().equals(PersonaStatusBoard.AUTH_ERROR) && detail.equals(state.statusDetail()))
                .isPresent();
        if (!shown) {
            states.updateStatus(personaId, PersonaStatusBoard.AUTH_ERROR, detail);
        }
        Health h = healthOf(personaId);
        synchronized (h) {
            h.shown = PersonaStatusBoard.AUTH_ERROR;
            h.shownDetail = detail;
            h.statusChecked = true;
        }
    }

    public void modelSucceeded(PersonaId personaId) {
        succeeded(personaId, "model");
    }

    public void networkSucceeded(PersonaId personaId, String operation) {
        succeeded(personaId, operation);
    }

    /**
     * True when a decision about {@code inputRef} should be written now: always while nothing fails, and once per
     * input while an outage lasts.
     */
    public boolean needsDecision(PersonaId personaId, String inputRef) {
        Health h = healthOf(personaId);
        synchronized (h) {
            return h.failing.isEmpty() || h.decided.add(inputRef);
        }
    }

    /** The persona's current trouble, if any of its operations is failing. */
    public @Nullable Trouble troubleOf(PersonaId personaId) {
        Health h = healthOf(personaId);
        synchronized (h) {
            Failure latest = h.latest();
            return latest == null ? null : latest.trouble();
        }
    }

    private void failed(PersonaId personaId, String operation, Trouble trouble, String detail) {
        Health h = healthOf(personaId);
        synchronized (h) {
            h.failing.remove(operation);
            h.failing.put(operation, new Failure(trouble, detail));
            warnings.warn(new Warned(personaId, trouble), personaId + " " + trouble.status() + ": " + detail);
            show(personaId, h, trouble.status(), detail);
        }
    }

    private void succeeded(PersonaId personaId, String operation) {
        Health h = healthOf(personaId);
        synchronized (h) {
            if (!h.statusChecked) {
                // after a restart the stored status may still be a trouble of the previous run
                h.statusChecked = true;
                h.shown = states.find(personaId).map(PersonaState::status).orElse(null);
            }
            if (h.failing.remove(operation) == null && h.failing.isEmpty() && !Trouble.isTrouble(h.shown)) {
                return;
            }
            Failure latest = h.latest();
            if (latest != null) {
                show(personaId, h, latest.trouble().status(), latest.detail());
                return;
            }
            h.decided.clear();
            if (Trouble.isTrouble(h.shown)) {
                log.info("{} works again: status ok", personaId);
                show(personaId, h, PersonaState.STATUS_OK, null);
            }
        }
    }

    private void show(PersonaId personaId, Health h, String status, @Nullable String detail) {
        if (status.equals(h.shown) && Objects.equals(detail, h.shownDetail)) {
            return;
        }
        String stored = states.find(personaId).map(PersonaState::status).orElse(null);
        h.statusChecked = true;
        if (stored == null || KEPT.contains(stored)) {
            h.shown = stored;
            h.shownDetail = null;
            return;
        }
        states.updateStatus(personaId, status, detail);
        h.shown = status;
        h.shownDetail = detail;
    }

    private Health healthOf(PersonaId personaId) {
        return health.computeIfAbsent(personaId, id -> new Health());
    }

    private record Failure(Trouble trouble, String detail) {}

    /** What the bounded log counts repeats of: one persona's trouble of one kind. */
    private record Warned(PersonaId personaId, Trouble trouble) {}

    private static final class Health {
        final LinkedHashMap<String, Failure> failing = new LinkedHashMap<>();
        final Set<String> decided = new HashSet<>();

        @Nullable
        String shown;

        @Nullable
        String shownDetail;

        boolean statusChecked;

        /** The most recent failure of an operation that has not succeeded since. */
        @Nullable
        Failure latest() {
            Failure latest = null;
            for (Failure failure : failing.values()) {
                latest = failure;
            }
            return latest;
        }
    }
}
