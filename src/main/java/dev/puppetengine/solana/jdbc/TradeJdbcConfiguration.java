package dev.puppetengine.solana.jdbc;

import dev.puppetengine.solana.PaperHoldings;
import dev.puppetengine.solana.TradeLedger;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The trade ledger and the paper portfolios on the engine's database. */
@Configuration(proxyBeanMethods = false)
class TradeJdbcConfiguration {

    @Bean
    TradeLedger tradeLedger(DataSource dataSource) {
        return new JdbcTradeLedger(JdbcClient.create(dataSource));
    }

    @Bean
    PaperHoldings paperHoldings(DataSource dataSource, Clock clock) {
        return new JdbcPaperHoldings(JdbcClient.create(dataSource), clock);
    }
}
