package dev.puppetengine.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.llm.CallType;
import dev.puppetengine.llm.LlmProperties;
import dev.puppetengine.llm.TokenUsage;
import dev.puppetengine.llm.UsageLedger;
import dev.puppetengine.llm.jdbc.JdbcUsageLedger;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.XUsage;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class UsageControllerTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void reports_tokens_and_cost_per_persona_and_call_type_with_x_reads_and_writes() {
        JdbcClient jdbc = JdbcClient.create(TestDatabase.inMemory());
        var ledger = new JdbcUsageLedger(jdbc);
        var ada = PersonaId.of("ada");
        ledger.record(new UsageLedger.Entry(
                ada, CallType.NEW_POST, "openai", "gpt-4o-mini", new TokenUsage(400, 40, 300), 0.0001, NOW));
        ledger.record(new UsageLedger.Entry(
                ada, CallType.NEW_POST, "openai", "gpt-4o-mini", new TokenUsage(500, 50, 300), 0.0002, NOW));
        ledger.record(new UsageLedger.Entry(
                ada, CallType.REACTION_DECISION, "openai", "gpt-4o-mini", new TokenUsage(200, 30, 0), 0.00005, NOW));
        ledger.record(new UsageLedger.Entry(
                ada,
                CallType.NEW_POST,
                "openai",
                "gpt-4o-mini",
                new TokenUsage(999, 9, 0),
                1,
                NOW.minusSeconds(86_400)));
        XUsage xUsage = firstDay -> firstDay.equals(LocalDate.of(2026, 3, 10))
                ? List.of(
                        new XUsage.Requests("ada", "create-post", true, 2),
                        new XUsage.Requests("ada", "mentions", false, 5),
                        new XUsage.Requests("bo", "mentions", false, 7))
                : List.of();
        var properties = new LlmProperties(
                Map.of(),
                "",
                LlmProperties.Resilience.DEFAULTS,
                Map.of(),
                LlmProperties.Budget.UNLIMITED,
                Map.of("ada", new LlmProperties.Budget(10_000, 1.5)),
                false);
        var controller = new UsageController(ledger, xUsage, properties, Clock.fixed(NOW, ZoneOffset.UTC));

        var usage = controller.usage(1);

        assertThat(usage.since()).isEqualTo(Instant.parse("2026-03-10T00:00:00Z"));
        assertThat(usage.personas())
                .extracting(UsageController.PersonaUsage::id)
                .containsExactly("ada", "bo");
        var adaUsage = usage.personas().get(0);
        assertThat(adaUsage.inputTokens()).isEqualTo(1100);
        assertThat(adaUsage.outputTokens()).isEqualTo(120);
        assertThat(adaUsage.cachedTokens()).isEqualTo(600);
        assertThat(adaUsage.costUsd()).isCloseTo(0.00035, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(adaUsage.calls())
                .extracting(UsageController.CallUsage::callType, UsageController.CallUsage::calls)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("new_post", 2L),
                        org.assertj.core.groups.Tuple.tuple("reaction_decision", 1L));
        assertThat(adaUsage.x().writes()).isEqualTo(2);
        assertThat(adaUsage.x().reads()).isEqualTo(5);
        assertThat(adaUsage.dailyBudget()).isEqualTo(new LlmProperties.Budget(10_000, 1.5));
        assertThat(usage.personas().get(1).x().reads()).isEqualTo(7);
        assertThat(usage.totalTokens()).isEqualTo(1220);
    }
}
