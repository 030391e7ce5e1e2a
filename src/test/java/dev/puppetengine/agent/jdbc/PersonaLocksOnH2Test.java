package dev.puppetengine.agent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.agent.LocalPersonaLocks;
import dev.puppetengine.shared.TestDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The persona locks on H2: the in-process lock alone, the node recorded once per persona and process. */
class PersonaLocksOnH2Test extends PersonaLocksContract {

    @Override
    DataSource freshDatabase() {
        return TestDatabase.inMemory();
    }

    @Override
    boolean cluster() {
        return false;
    }

    @Test
    void the_engines_default_lock_keeps_one_step_per_persona_too() throws Exception {
        LocalPersonaLocks local = new LocalPersonaLocks();
        assertSecondWaitsForFirst(local, local);
        assertThat(local.holding(ALICE, () -> local.holding(ALICE, () -> "nested")))
                .isEqualTo("nested");
    }

    @Test
    void a_second_node_id_on_h2_is_not_refused_the_file_admits_one_process_anyway() {
        node("node-a");

        assertThat(nodes.countAlive()).isEqualTo(1);
    }
}
