package dev.puppetengine.social.sandbox;

import dev.puppetengine.shared.TestDatabase;
import javax.sql.DataSource;

class SandboxNetworkOnH2Test extends SandboxNetworkContract {

    private static final DataSource DATABASE = TestDatabase.inMemory();

    @Override
    protected DataSource dataSource() {
        return DATABASE;
    }
}
