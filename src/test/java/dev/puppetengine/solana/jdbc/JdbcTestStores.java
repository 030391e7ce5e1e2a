package dev.puppetengine.solana.jdbc;

import dev.puppetengine.solana.PaperHoldings;
import dev.puppetengine.solana.TradeLedger;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The JDBC ledger and paper holdings for tests of the trade desk. */
public final class JdbcTestStores {

    private JdbcTestStores() {}

    public static TradeLedger ledger(DataSource dataSource) {
        return new JdbcTradeLedger(JdbcClient.create(dataSource));
    }

    public static PaperHoldings paper(DataSource dataSource, Clock clock) {
        return new JdbcPaperHoldings(JdbcClient.create(dataSource), clock);
    }
}
