package dev.puppetengine.solana.jdbc;

import dev.puppetengine.shared.TestDatabase;
import javax.sql.DataSource;

class TradeStorageOnH2Test extends TradeStorageContract {

    private static final DataSource DATABASE = TestDatabase.inMemory();

    @Override
    DataSource dataSource() {
        return DATABASE;
    }
}
