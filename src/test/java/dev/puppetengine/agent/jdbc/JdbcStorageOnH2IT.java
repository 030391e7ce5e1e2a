package dev.puppetengine.agent.jdbc;

import dev.puppetengine.shared.DatabaseUrlDefaults;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on H2 in file mode, as the engine uses it by default. */
class JdbcStorageOnH2IT extends JdbcStorageContract {

    @TempDir
    Path dataDir;

    @Override
    DataSource freshDatabase() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(DatabaseUrlDefaults.h2Url(dataDir.resolve("data")));
        return h2;
    }
}
