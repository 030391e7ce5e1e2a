package dev.puppetengine.solana.jdbc;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.solana.PaperHoldings;
import dev.puppetengine.solana.TokenBalance;
import dev.puppetengine.solana.TradeLimits;
import dev.puppetengine.solana.WalletBalances;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link PaperHoldings} on the {@code paper_holding} table: one row per persona and mint, SOL as the wrapped-SOL mint
 * in lamports. Joins the caller's Spring transaction when there is one; a fill outside one is not atomic.
 */
public final class JdbcPaperHoldings implements PaperHoldings {

    private static final int SOL_DECIMALS = 9;

    private final JdbcClient jdbc;
    private final Clock clock;

    public JdbcPaperHoldings(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private record Row(String mint, BigInteger amount, int decimals) {}

    @Override
    public WalletBalances balances(PersonaId persona, long seedLamports) {
        List<Row> rows = rows(persona);
        if (rows.stream().noneMatch(row -> row.mint().equals(TradeLimits.SOL_MINT))) {
            try {
                insert(persona, TradeLimits.SOL_MINT, BigInteger.valueOf(seedLamports), SOL_DECIMALS);
            } catch (DuplicateKeyException e) {
                // seeded by a concurrent first read
            }
            rows = rows(persona);
        }
        long lamports = 0;
        Map<String, TokenBalance> tokens = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.mint().equals(TradeLimits.SOL_MINT)) {
                lamports = row.amount().longValueExact();
            } else if (row.amount().signum() > 0) {
                tokens.put(row.mint(), new TokenBalance(row.mint(), row.amount(), row.decimals()));
            }
        }
        return new WalletBalances(lamports, tokens);
    }

    @Override
    public void fill(
            PersonaId persona,
            String inputMint,
            BigInteger inAmount,
            String outputMint,
            BigInteger outAmount,
            int outDecimals,
            long feeLamports) {
        if (inAmount.signum() < 0 || outAmount.signum() < 0 || feeLamports < 0) {
            throw new IllegalArgumentException("fill amounts must be ≥ 0");
        }
        Map<String, Row> held = new LinkedHashMap<>();
        rows(persona).forEach(row -> held.put(row.mint(), row));
        Map<String, BigInteger> delta = new LinkedHashMap<>();
        delta.merge(inputMint, inAmount.negate(), BigInteger::add);
        delta.merge(outputMint, outAmount, BigInteger::add);
        delta.merge(TradeLimits.SOL_MINT, BigInteger.valueOf(feeLamports).negate(), BigInteger::add);
        for (Map.Entry<String, BigInteger> change : delta.entrySet()) {
            Row row = held.get(change.getKey());
            BigInteger after = (row == null ? BigInteger.ZERO : row.amount()).add(change.getValue());
            if (after.signum() < 0) {
                throw new IllegalStateException("paper portfolio of " + persona.value() + " holds "
                        + (row == null ? BigInteger.ZERO : row.amount()) + " of " + change.getKey() + ", needs "
                        + change.getValue().negate());
            }
        }
        for (Map.Entry<String, BigInteger> change : delta.entrySet()) {
            String mint = change.getKey();
            if (held.containsKey(mint)) {
                jdbc.sql(
                                "UPDATE paper_holding SET amount = amount + ?, updated_at = ? WHERE persona_id = ? AND mint = ?")
                        .params(
                                new BigDecimal(change.getValue()),
                                clock.instant().atOffset(ZoneOffset.UTC),
                                persona.value(),
                                mint)
                        .update();
            } else {
                int decimals = mint.equals(TradeLimits.SOL_MINT) ? SOL_DECIMALS : outDecimals;
                insert(persona, mint, change.getValue(), decimals);
            }
        }
    }

    private List<Row> rows(PersonaId persona) {
        return jdbc.sql("SELECT mint, amount, decimals FROM paper_holding WHERE persona_id = ? ORDER BY mint")
                .param(persona.value())
                .query((rs, row) -> new Row(
                        rs.getString("mint"), rs.getBigDecimal("amount").toBigIntegerExact(), rs.getInt("decimals")))
                .list();
    }

    private void insert(PersonaId persona, String mint, BigInteger amount, int decimals) {
        jdbc.sql("INSERT INTO paper_holding (persona_id, mint, amount, decimals, updated_at) VALUES (?, ?, ?, ?, ?)")
                .params(
                        persona.value(),
                        mint,
                        new BigDecimal(amount),
                        decimals,
                        clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }
}
