package dev.puppetengine.llm.jdbc;

import dev.puppetengine.llm.UsageLedger;
import dev.puppetengine.persona.PersonaId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link UsageLedger} on {@code llm_usage}: one row per call. */
public final class JdbcUsageLedger implements UsageLedger {

    private final JdbcClient jdbc;

    public JdbcUsageLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(Entry entry) {
        jdbc.sql("INSERT INTO llm_usage (persona_id, call_type, provider, model, input_tokens, output_tokens,"
                        + " cached_tokens, cost_usd, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        entry.personaId().value(),
                        entry.callType().name().toLowerCase(Locale.ROOT),
                        entry.provider(),
                        entry.model(),
                        entry.usage().input(),
                        entry.usage().output(),
                        entry.usage().cached(),
                        entry.costUsd(),
                        OffsetDateTime.ofInstant(entry.at(), ZoneOffset.UTC))
                .update();
    }

    @Override
    public Totals totalsSince(PersonaId personaId, Instant since) {
        return jdbc.sql("SELECT COALESCE(SUM(input_tokens + output_tokens), 0) AS tokens,"
                        + " COALESCE(SUM(cost_usd), 0) AS cost FROM llm_usage WHERE persona_id = ? AND created_at >= ?")
                .params(personaId.value(), OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
                .query((rs, row) -> new Totals(rs.getLong("tokens"), rs.getDouble("cost")))
                .single();
    }

    @Override
    public List<Line> linesSince(Instant since) {
        return jdbc.sql("SELECT persona_id, call_type, provider, model, COUNT(*) AS calls,"
                        + " SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,"
                        + " SUM(cached_tokens) AS cached_tokens, SUM(cost_usd) AS cost FROM llm_usage"
                        + " WHERE created_at >= ? GROUP BY persona_id, call_type, provider, model"
                        + " ORDER BY persona_id, call_type, provider, model")
                .param(OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
                .query((rs, row) -> new Line(
                        rs.getString("persona_id"),
                        rs.getString("call_type"),
                        rs.getString("provider"),
                        rs.getString("model"),
                        rs.getLong("calls"),
                        rs.getLong("input_tokens"),
                        rs.getLong("output_tokens"),
                        rs.getLong("cached_tokens"),
                        rs.getDouble("cost")))
                .list();
    }
}
