package dev.puppetengine.solana.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.solana.KnownTokens;
import dev.puppetengine.solana.Trade;
import dev.puppetengine.solana.TradeDecision.Side;
import dev.puppetengine.solana.TradeLedger;
import dev.puppetengine.solana.TradeLedger.Change;
import dev.puppetengine.solana.TradeLedger.Opening;
import dev.puppetengine.solana.TradeLedger.SignedSwap;
import dev.puppetengine.solana.TradeLimit;
import dev.puppetengine.solana.TradeLimits;
import dev.puppetengine.solana.TradeStatus;
import dev.puppetengine.solana.WalletBalances;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The trade ledger and the paper portfolios, run on H2 and on PostgreSQL. Each test uses its own personas. */
abstract class TradeStorageContract {

    static final Instant T0 = Instant.parse("2026-12-01T10:15:30.123456Z");
    static final String BONK = KnownTokens.BONK_MINT;
    static final String SOL = TradeLimits.SOL_MINT;

    /** A migrated database, shared by the tests of one class. */
    abstract DataSource dataSource();

    final SettableClock clock = new SettableClock(T0);
    TradeLedger ledger;
    JdbcPaperHoldings paper;
    PersonaId ada;
    PersonaId bob;

    @BeforeEach
    void open() {
        JdbcClient jdbc = JdbcClient.create(dataSource());
        ledger = new JdbcTradeLedger(jdbc);
        paper = new JdbcPaperHoldings(jdbc, clock);
        String prefix = "p" + UUID.randomUUID().toString().substring(0, 8);
        ada = PersonaId.of(prefix + "-ada");
        bob = PersonaId.of(prefix + "-bob");
    }

    private Opening buy(PersonaId persona, String key, long lamports) {
        return new Opening(
                persona, persona.value() + key, Side.BUY, SOL, BONK, BigInteger.valueOf(lamports), true, "cheap dog");
    }

    @Nested
    class Ledger {

        @Test
        void a_key_opens_one_row_and_opening_it_again_returns_that_row_unchanged() {
            TradeLedger.Opened first = ledger.open(buy(ada, ":1", 10_000_000), T0);
            clock.advance(Duration.ofMinutes(1));
            TradeLedger.Opened again = ledger.open(buy(ada, ":1", 99), clock.instant());

            assertThat(first.created()).isTrue();
            assertThat(again.created()).isFalse();
            assertThat(again.trade()).isEqualTo(first.trade());
            Trade trade = first.trade();
            assertThat(trade.status()).isEqualTo(TradeStatus.FAILED);
            assertThat(trade.detail()).isEqualTo(TradeLedger.NOT_FINISHED);
            assertThat(trade.decidedAt()).isEqualTo(T0);
            assertThat(trade.inAmount()).isEqualTo(BigInteger.valueOf(10_000_000));
            assertThat(trade.outAmount()).isNull();
            assertThat(trade.signature()).isNull();
            assertThat(trade.reason()).isEqualTo("cheap dog");
            assertThat(trade.simulated()).isTrue();
            assertThat(ledger.recent(ada, 10)).containsExactly(trade);
        }

        @Test
        void a_move_happens_only_from_the_expected_status() {
            Trade trade = ledger.open(buy(ada, ":1", 1_000), T0).trade();
            BigInteger out = new BigInteger("123456789012345678901234567890");

            assertThat(ledger.move(
                            trade.id(), TradeStatus.FAILED, new Change(TradeStatus.SIMULATED, out, null, ""), T0))
                    .isTrue();
            assertThat(ledger.move(trade.id(), TradeStatus.FAILED, Change.to(TradeStatus.REFUSED, "late"), T0))
                    .isFalse();

            Trade filled = ledger.find(trade.id()).orElseThrow();
            assertThat(filled.status()).isEqualTo(TradeStatus.SIMULATED);
            assertThat(filled.filled()).isTrue();
            assertThat(filled.outAmount()).isEqualTo(out);
            assertThat(filled.detail()).isEmpty();
        }

        @Test
        void a_refusal_keeps_the_limit_that_refused() {
            Trade trade = ledger.open(buy(ada, ":1", 1_000), T0).trade();

            ledger.move(
                    trade.id(),
                    TradeStatus.FAILED,
                    new Change(TradeStatus.REFUSED, BigInteger.TEN, TradeLimit.MAX_TRADE_SOL, "0.2 SOL, at most 0.1"),
                    T0.plusSeconds(1));

            Trade refused = ledger.findByKey(trade.idempotencyKey()).orElseThrow();
            assertThat(refused.status()).isEqualTo(TradeStatus.REFUSED);
            assertThat(refused.refusedBy()).isEqualTo(TradeLimit.MAX_TRADE_SOL);
            assertThat(refused.detail()).isEqualTo("0.2 SOL, at most 0.1");
            assertThat(refused.updatedAt()).isEqualTo(T0.plusSeconds(1));
        }

        @Test
        void a_signed_swap_is_stored_once_and_read_back_byte_for_byte() {
            Trade trade = ledger.open(buy(ada, ":1", 1_000), T0).trade();
            SignedSwap swap = new SignedSwap("5sig", "AQID" + "A".repeat(1600), 321_000L);

            assertThat(ledger.signed(trade.id(), BigInteger.TWO, swap, T0)).isTrue();
            assertThat(ledger.signed(trade.id(), BigInteger.TWO, new SignedSwap("other", "AQ==", 1), T0))
                    .isFalse();

            assertThat(ledger.findSignedSwap(trade.id())).contains(swap);
            Trade signed = ledger.find(trade.id()).orElseThrow();
            assertThat(signed.status()).isEqualTo(TradeStatus.SIGNED);
            assertThat(signed.signature()).isEqualTo("5sig");
            assertThat(signed.simulated()).isTrue();
            assertThat(ledger.listUnsettled()).extracting(Trade::id).contains(trade.id());
            ledger.move(trade.id(), TradeStatus.SIGNED, Change.to(TradeStatus.CONFIRMED, ""), T0);
            assertThat(ledger.listUnsettled()).extracting(Trade::id).doesNotContain(trade.id());
        }

        @Test
        void todays_count_holds_fills_and_pending_swaps_since_the_day_began_for_that_persona_only() {
            Trade yesterday =
                    ledger.open(buy(ada, ":0", 1), T0.minus(Duration.ofDays(1))).trade();
            ledger.move(yesterday.id(), TradeStatus.FAILED, Change.to(TradeStatus.SIMULATED, ""), T0);
            ledger.open(buy(ada, ":1", 1), T0); // still opening: FAILED
            Trade refused = ledger.open(buy(ada, ":2", 1), T0).trade();
            ledger.move(refused.id(), TradeStatus.FAILED, Change.to(TradeStatus.REFUSED, "no"), T0);
            Trade simulated = ledger.open(buy(ada, ":3", 1), T0).trade();
            ledger.move(simulated.id(), TradeStatus.FAILED, Change.to(TradeStatus.SIMULATED, ""), T0);
            Trade sent = ledger.open(buy(ada, ":4", 1), T0).trade();
            ledger.signed(sent.id(), BigInteger.ONE, new SignedSwap("s4", "AQ==", 9), T0);
            ledger.move(sent.id(), TradeStatus.SIGNED, Change.to(TradeStatus.SENT, ""), T0);
            Trade other = ledger.open(buy(bob, ":1", 1), T0).trade();
            ledger.move(other.id(), TradeStatus.FAILED, Change.to(TradeStatus.SIMULATED, ""), T0);

            assertThat(ledger.countToday(ada, T0.minusSeconds(60))).isEqualTo(2);
            assertThat(ledger.recent(ada, 3))
                    .extracting(Trade::idempotencyKey)
                    .containsExactly(ada.value() + ":4", ada.value() + ":3", ada.value() + ":2");
        }
    }

    @Nested
    class Paper {

        @Test
        void the_first_read_seeds_the_sol_balance_and_later_reads_keep_it() {
            assertThat(paper.balances(ada, 1_000_000_000L))
                    .isEqualTo(new WalletBalances(1_000_000_000L, java.util.Map.of()));
            assertThat(paper.balances(ada, 5L).lamports()).isEqualTo(1_000_000_000L);
        }

        @Test
        void a_buy_and_a_sell_move_sol_and_the_token_and_pay_the_fee() {
            paper.balances(ada, 1_000_000_000L);
            paper.fill(ada, SOL, BigInteger.valueOf(100_000_000), BONK, BigInteger.valueOf(4_200_000), 5, 5_000);

            WalletBalances bought = paper.balances(ada, 0);
            assertThat(bought.lamports()).isEqualTo(899_995_000L);
            assertThat(bought.held(BONK)).isEqualTo(BigInteger.valueOf(4_200_000));
            assertThat(bought.findToken(BONK).orElseThrow().decimals()).isEqualTo(5);

            paper.fill(ada, BONK, BigInteger.valueOf(4_200_000), SOL, BigInteger.valueOf(90_000_000), 9, 5_000);
            WalletBalances sold = paper.balances(ada, 0);
            assertThat(sold.lamports()).isEqualTo(989_990_000L);
            assertThat(sold.tokens()).isEmpty();
            assertThat(paper.balances(bob, 7L).lamports()).isEqualTo(7L);
        }

        @Test
        void a_fill_beyond_what_is_held_changes_nothing() {
            paper.balances(ada, 1_000L);

            assertThatThrownBy(() -> paper.fill(ada, BONK, BigInteger.ONE, SOL, BigInteger.TEN, 9, 0))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> paper.fill(ada, SOL, BigInteger.valueOf(1_000), BONK, BigInteger.TEN, 5, 1))
                    .isInstanceOf(IllegalStateException.class);

            assertThat(paper.balances(ada, 0)).isEqualTo(new WalletBalances(1_000L, java.util.Map.of()));
        }

        @Test
        void a_fill_and_its_ledger_row_roll_back_together() {
            paper.balances(ada, 1_000_000L);
            Trade trade = ledger.open(buy(ada, ":1", 1_000), T0).trade();
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource()));

            assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
                        paper.fill(ada, SOL, BigInteger.valueOf(1_000), BONK, BigInteger.TEN, 5, 0);
                        ledger.move(trade.id(), TradeStatus.FAILED, Change.to(TradeStatus.SIMULATED, ""), T0);
                        throw new IllegalStateException("crash");
                    }))
                    .hasMessage("crash");

            assertThat(paper.balances(ada, 0).lamports()).isEqualTo(1_000_000L);
            assertThat(ledger.find(trade.id()).orElseThrow().status()).isEqualTo(TradeStatus.FAILED);
        }
    }
}
