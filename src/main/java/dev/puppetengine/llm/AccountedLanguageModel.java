package dev.puppetengine.llm;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.ExternalServiceException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider with cost control: each call first checks the persona's daily budget (over it: status
 * {@code budget_exhausted}, no call, {@link BudgetExhaustedException}), then records usage and cost in the ledger
 * and the OpenTelemetry-style metrics {@code gen_ai.client.token.usage} and {@code gen_ai.client.operation.duration}.
 * A refused key sets the persona's status to {@code auth_error}; a later success sets it back to {@code ok}.
 */
public final class AccountedLanguageModel implements LanguageModel {

    private static final Logger log = LoggerFactory.getLogger(AccountedLanguageModel.class);

    private final LanguageModel delegate;
    private final String provider;
    private final UsageLedger ledger;
    private final PersonaStatusBoard statusBoard;
    private final PriceTable prices;
    private final LlmProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<PersonaId, String> lastStatus = new ConcurrentHashMap<>();

    public AccountedLanguageModel(
            LanguageModel delegate,
            String provider,
            UsageLedger ledger,
            PersonaStatusBoard statusBoard,
            PriceTable prices,
            LlmProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.delegate = delegate;
        this.provider = provider;
        this.ledger = ledger;
        this.statusBoard = statusBoard;
        this.prices = prices;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
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
        return accounted(request, () -> delegate.generate(request), g -> g);
    }

    @Override
    public <T extends Record> Structured<T> generateStructured(GenerationRequest request, Class<T> type) {
        try {
            return accounted(request, () -> delegate.generateStructured(request, type), Structured::generation);
        } catch (StructuredOutputException e) {
            record(request, e.generation());
            throw e;
        }
    }

    private <R> R accounted(
            GenerationRequest request, Supplier<R> call, java.util.function.Function<R, Generation> generationOf) {
        PersonaId persona = request.persona().id();
        checkBudget(persona);
        long started = clock.millis();
        try {
            R result = call.get();
            Generation generation = generationOf.apply(result);
            timer(request, generation.model(), "none").record(java.time.Duration.ofMillis(clock.millis() - started));
            record(request, generation);
            report(persona, PersonaStatusBoard.OK, null);
            return result;
        } catch (ExternalServiceException e) {
            String model =
                    request.options().model() == null ? "" : request.options().model();
            timer(request, model, e.getClass().getSimpleName())
                    .record(java.time.Duration.ofMillis(clock.millis() - started));
            if (e instanceof ExternalServiceException.AuthFailed) {
                log.error(
                        "provider {} refused the credentials for persona {} ({}): fix the API key",
                        provider,
                        persona,
                        e.getMessage());
                report(
                        persona,
                        PersonaStatusBoard.AUTH_ERROR,
                        "provider " + provider + " refused its key: " + e.getMessage());
            }
            throw e;
        }
    }

    private void checkBudget(PersonaId persona) {
        LlmProperties.Budget budget = properties.budgetFor(persona.value());
        if (budget.dailyTokens() <= 0 && budget.dailyCostUsd() <= 0) {
            return;
        }
        Instant dayStart = LocalDate.now(clock).atStartOfDay(ZoneOffset.UTC).toInstant();
        UsageLedger.Totals today = ledger.totalsSince(persona, dayStart);
        String reason = null;
        if (budget.dailyTokens() > 0 && today.tokens() >= budget.dailyTokens()) {
            reason = "daily token budget used up: " + today.tokens() + " of " + budget.dailyTokens() + " tokens";
        } else if (budget.dailyCostUsd() > 0 && today.costUsd() >= budget.dailyCostUsd()) {
            reason = String.format(
                    Locale.ROOT, "daily cost budget used up: $%.4f of $%.4f", today.costUsd(), budget.dailyCostUsd());
        }
        if (reason != null) {
            if (!PersonaStatusBoard.BUDGET_EXHAUSTED.equals(lastStatus.get(persona))) {
                log.info("persona {} stops generating until the next UTC day: {}", persona, reason);
            }
            report(persona, PersonaStatusBoard.BUDGET_EXHAUSTED, reason);
            throw new BudgetExhaustedException(persona, reason);
        }
    }

    private void record(GenerationRequest request, Generation generation) {
        TokenUsage usage = generation.usage();
        double cost = prices.costUsd(generation.model(), usage);
        ledger.record(new UsageLedger.Entry(
                request.persona().id(),
                request.callType(),
                provider,
                generation.model(),
                usage,
                cost,
                clock.instant()));
        summary(request, generation.model(), "input").record(usage.input());
        summary(request, generation.model(), "output").record(usage.output());
    }

    private void report(PersonaId persona, String status, @org.jspecify.annotations.Nullable String detail) {
        String previous = lastStatus.put(persona, status);
        if (status.equals(PersonaStatusBoard.OK) && PersonaStatusBoard.OK.equals(previous)) {
            return;
        }
        statusBoard.report(persona, status, detail);
    }

    private DistributionSummary summary(GenerationRequest request, String model, String tokenType) {
        return DistributionSummary.builder("gen_ai.client.token.usage")
                .description("Tokens used per model call")
                .baseUnit("{token}")
                .tag("gen_ai.operation.name", "chat")
                .tag("gen_ai.provider.name", provider)
                .tag("gen_ai.request.model", model)
                .tag("gen_ai.token.type", tokenType)
                .tag("puppet.call_type", request.callType().name().toLowerCase(Locale.ROOT))
                .register(meters);
    }

    private Timer timer(GenerationRequest request, String model, String errorType) {
        return Timer.builder("gen_ai.client.operation.duration")
                .description("Duration of model calls")
                .tag("gen_ai.operation.name", "chat")
                .tag("gen_ai.provider.name", provider)
                .tag("gen_ai.request.model", model)
                .tag("error.type", errorType)
                .tag("puppet.call_type", request.callType().name().toLowerCase(Locale.ROOT))
                .register(meters);
    }
}
