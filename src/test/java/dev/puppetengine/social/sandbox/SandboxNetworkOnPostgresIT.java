package dev.puppetengine.social.sandbox;

import dev.puppetengine.shared.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class SandboxNetworkOnPostgresIT extends SandboxNetworkContract {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void database() {
        postgres = TestDatabase.startPostgres();
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Override
    protected DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }
}
