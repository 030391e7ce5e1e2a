package dev.puppetengine.solana.jdbc;

import static dev.puppetengine.shared.SqlTimes.requiredInstant;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.solana.Trade;
import dev.puppetengine.solana.TradeDecision;
import dev.puppetengine.solana.TradeLedger;
import dev.puppetengine.solana.TradeLimit;
import dev.puppetengine.solana.TradeStatus;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link TradeLedger} on the {@code trade_ledger} table. Joins the caller's Spring transaction when there is one. */
public final class JdbcTradeLedger implements TradeLedger {

    private static final int MAX_TEXT = 1000;
    private static final String COLUMNS = "id, persona_id, idempotency_key, decided_at, updated_at, side, input_mint,"
            + " output_mint, in_amount, out_amount, simulated, status, refused_limit, reason, detail, signature";

    private final JdbcClient jdbc;

    public JdbcTradeLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Trade> recent(PersonaId persona, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM trade_ledger WHERE persona_id = ? ORDER BY id DESC LIMIT ?")
                .params(persona.value(), Math.max(0, limit))
                .query(JdbcTradeLedger::map)
                .list();
    }

    @Override
    public Optional<Trade> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM trade_ledger WHERE id = ?")
                .param(id)
                .query(JdbcTradeLedger::map)
                .optional();
    }

    @Override
    public Optional<Trade> findByKey(String idempotencyKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM trade_ledger WHERE idempotency_key = ?")
                .param(idempotencyKey)
                .query(JdbcTradeLedger::map)
                .optional();
    }

    @Override
    public Opened open(Opening opening, Instant at) {
        Optional<Trade> existing = findByKey(opening.idempotencyKey());
        if (existing.isPresent()) {
            return new Opened(existing.get(), false);
        }
        OffsetDateTime now = utc(at);
        try {
            jdbc.sql("INSERT INTO trade_ledger (persona_id, idempotency_key, decided_at, updated_at, side, input_mint,"
                            + " output_mint, in_amount, simulated, status, reason, detail)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(Arrays.<@Nullable Object>asList(
                            opening.persona().value(),
                            opening.idempotencyKey(),
                            now,
                            now,
                            opening.side().name().toLowerCase(Locale.ROOT),
                            opening.inputMint(),
                            opening.outputMint(),
                            new BigDecimal(opening.inAmount()),
                            opening.simulated(),
                            TradeStatus.FAILED.wireName(),
                            shorten(opening.reason()),
                            NOT_FINISHED))
                    .update();
        } catch (DuplicateKeyException e) {
            return new Opened(required(opening.idempotencyKey()), false);
        }
        return new Opened(required(opening.idempotencyKey()), true);
    }

    @Override
    public int countToday(PersonaId persona, Instant since) {
        List<String> counted = Arrays.stream(TradeStatus.values())
                .filter(TradeStatus::countsToday)
                .map(TradeStatus::wireName)
                .toList();
        return jdbc.sql("SELECT COUNT(*) FROM trade_ledger WHERE persona_id = ? AND decided_at >= ? AND status IN ("
                        + String.join(", ", counted.stream().map(s -> "?").toList()) + ")")
                .params(concat(List.of(persona.value(), utc(since)), counted))
                .query(Integer.class)
                .single();
    }

    @Override
    public List<Trade> listUnsettled() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM trade_ledger WHERE status IN (?, ?, ?) ORDER BY id")
                .params(TradeStatus.SIGNED.wireName(), TradeStatus.SENT.wireName(), TradeStatus.UNCONFIRMED.wireName())
                .query(JdbcTradeLedger::map)
                .list();
    }

    @Override
    public boolean move(long id, TradeStatus from, Change change, Instant at) {
        BigInteger out = change.outAmount();
        TradeLimit limit = change.refusedBy();
        String detail = change.detail();
        return jdbc.sql("UPDATE trade_ledger SET status = ?, out_amount = COALESCE(?, out_amount),"
                                + " refused_limit = COALESCE(?, refused_limit), detail = COALESCE(?, detail),"
                                + " updated_at = ? WHERE id = ? AND status = ?")
                        .params(Arrays.<@Nullable Object>asList(
                                change.status().wireName(),
                                out == null ? null : new BigDecimal(out),
                                limit == null ? null : limit.wireName(),
                                detail == null ? null : shorten(detail),
                                utc(at),
                                id,
                                from.wireName()))
                        .update()
                == 1;
    }

    @Override
    public boolean signed(long id, BigInteger outAmount, SignedSwap swap, Instant at) {
        return jdbc.sql("UPDATE trade_ledger SET status = ?, out_amount = ?, detail = '', signature = ?,"
                                + " signed_transaction = ?, last_valid_block_height = ?, updated_at = ?"
                                + " WHERE id = ? AND status = ? AND detail = ? AND signature IS NULL")
                        .params(Arrays.<@Nullable Object>asList(
                                TradeStatus.SIGNED.wireName(),
                                new BigDecimal(outAmount),
                                swap.signature(),
                                swap.base64Transaction(),
                                swap.lastValidBlockHeight(),
                                utc(at),
                                id,
                                TradeStatus.FAILED.wireName(),
                                NOT_FINISHED))
                        .update()
                == 1;
    }

    @Override
    public Optional<SignedSwap> findSignedSwap(long id) {
        return jdbc.sql("SELECT signature, signed_transaction, last_valid_block_height FROM trade_ledger"
                        + " WHERE id = ? AND signed_transaction IS NOT NULL")
                .param(id)
                .query((rs, row) -> new SignedSwap(
                        rs.getString("signature"),
                        rs.getString("signed_transaction"),
                        rs.getLong("last_valid_block_height")))
                .optional();
    }

    private Trade required(String idempotencyKey) {
        return findByKey(idempotencyKey)
                .orElseThrow(() -> new IllegalStateException("trade ledger row not visible: " + idempotencyKey));
    }

    private static Trade map(ResultSet rs, int row) throws SQLException {
        BigDecimal out = rs.getBigDecimal("out_amount");
        String limit = rs.getString("refused_limit");
        String status = rs.getString("status");
        return new Trade(
                rs.getLong("id"),
                PersonaId.of(rs.getString("persona_id")),
                rs.getString("idempotency_key"),
                requiredInstant(rs, "decided_at"),
                requiredInstant(rs, "updated_at"),
                TradeDecision.Side.valueOf(rs.getString("side").toUpperCase(Locale.ROOT)),
                rs.getString("input_mint"),
                rs.getString("output_mint"),
                rs.getBigDecimal("in_amount").toBigIntegerExact(),
                out == null ? null : out.toBigIntegerExact(),
                rs.getBoolean("simulated"),
                TradeStatus.fromWireName(status).orElseThrow(() -> new SQLException("unknown trade status " + status)),
                limit == null ? null : TradeLimit.valueOf(limit.toUpperCase(Locale.ROOT)),
                rs.getString("reason"),
                rs.getString("detail"),
                rs.getString("signature"));
    }

    private static List<Object> concat(List<Object> first, List<String> second) {
        List<Object> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static String shorten(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
