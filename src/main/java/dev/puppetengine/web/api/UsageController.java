package dev.puppetengine.web.api;

import dev.puppetengine.llm.LlmProperties;
import dev.puppetengine.llm.UsageLedger;
import dev.puppetengine.shared.InvalidInputException;
import dev.puppetengine.social.XUsage;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/usage?days=1}: tokens and cost per persona and call type, X reads and writes per persona, since
 * the start of the UTC day {@code days - 1} days ago, with each persona's daily budget. Model calls come from the
 * LLM layer's {@link UsageLedger}, X requests from the social feature's {@link XUsage}.
 */
@RestController
final class UsageController {

    static final int MAX_DAYS = 366;

    private final UsageLedger ledger;
    private final XUsage xUsage;
    private final LlmProperties properties;
    private final Clock clock;

    UsageController(UsageLedger ledger, XUsage xUsage, LlmProperties properties, Clock clock) {
        this.ledger = ledger;
        this.xUsage = xUsage;
        this.properties = properties;
        this.clock = clock;
    }

    record CallUsage(
            String callType,
            String provider,
            String model,
            long calls,
            long inputTokens,
            long outputTokens,
            long cachedTokens,
            double costUsd) {}

    record XCounts(long reads, long writes, Map<String, Long> byEndpoint) {}

    record PersonaUsage(
            String id,
            long inputTokens,
            long outputTokens,
            long cachedTokens,
            double costUsd,
            List<CallUsage> calls,
            XCounts x,
            LlmProperties.Budget dailyBudget) {}

    record Usage(Instant since, List<PersonaUsage> personas, long totalTokens, double totalCostUsd) {}

    @GetMapping("/api/usage")
    Usage usage(@RequestParam(defaultValue = "1") int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new InvalidInputException("days", "must be between 1 and " + MAX_DAYS);
        }
        int window = days;
        LocalDate firstDay = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(window - 1L);
        Instant since = firstDay.atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<String, List<UsageLedger.Line>> lines = new TreeMap<>();
        for (UsageLedger.Line line : ledger.linesSince(since)) {
            lines.computeIfAbsent(line.personaId(), id -> new ArrayList<>()).add(line);
        }
        Map<String, List<XUsage.Requests>> xLines = new TreeMap<>();
        for (XUsage.Requests line : xUsage.listRequestsSince(firstDay)) {
            xLines.computeIfAbsent(line.personaId(), id -> new ArrayList<>()).add(line);
            lines.computeIfAbsent(line.personaId(), id -> new ArrayList<>());
        }
        List<PersonaUsage> personas = new ArrayList<>();
        long totalTokens = 0;
        double totalCost = 0;
        for (var entry : lines.entrySet()) {
            List<CallUsage> calls = entry.getValue().stream()
                    .map(l -> new CallUsage(
                            l.callType(),
                            l.provider(),
                            l.model(),
                            l.calls(),
                            l.inputTokens(),
                            l.outputTokens(),
                            l.cachedTokens(),
                            l.costUsd()))
                    .toList();
            long input = calls.stream().mapToLong(CallUsage::inputTokens).sum();
            long output = calls.stream().mapToLong(CallUsage::outputTokens).sum();
            long cached = calls.stream().mapToLong(CallUsage::cachedTokens).sum();
            double cost = calls.stream().mapToDouble(CallUsage::costUsd).sum();
            Map<String, Long> byEndpoint = new TreeMap<>();
            long reads = 0;
            long writes = 0;
            for (XUsage.Requests x : xLines.getOrDefault(entry.getKey(), List.of())) {
                byEndpoint.merge(x.endpoint(), x.requests(), Long::sum);
                if (x.write()) {
                    writes += x.requests();
                } else {
                    reads += x.requests();
                }
            }
            personas.add(new PersonaUsage(
                    entry.getKey(),
                    input,
                    output,
                    cached,
                    cost,
                    calls,
                    new XCounts(reads, writes, byEndpoint),
                    properties.budgetFor(entry.getKey())));
            totalTokens += input + output;
            totalCost += cost;
        }
        return new Usage(since, personas, totalTokens, totalCost);
    }
}
