package dev.puppetengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class RunCommandTest {

    @Test
    void passes_the_flags_as_engine_properties_with_absolute_paths() {
        RunCommand command = new RunCommand();
        new CommandLine(command)
                .parseArgs(
                        "--config",
                        "cfg",
                        "--data-dir",
                        "d",
                        "--port",
                        "0",
                        "--speed",
                        "60",
                        "--db-url",
                        "jdbc:postgresql://db/puppet");

        assertThat(command.arguments())
                .containsExactly(
                        "--puppet.config-dir=" + Path.of("cfg").toAbsolutePath(),
                        "--puppet.data-dir=" + Path.of("d").toAbsolutePath(),
                        "--puppet.db-url=jdbc:postgresql://db/puppet",
                        "--puppet.speed=60.0",
                        "--server.port=0");
    }

    @Test
    void passes_the_node_id_of_a_cluster_node() {
        RunCommand command = new RunCommand();
        new CommandLine(command).parseArgs("--node-id", "node-b");

        assertThat(command.arguments()).contains("--puppet.cluster.node-id=node-b");
    }

    @Test
    void live_mode_is_passed_as_the_mode_and_leaves_the_sandbox_default_otherwise() {
        RunCommand command = new RunCommand();
        new CommandLine(command).parseArgs("--live");

        assertThat(command.arguments()).contains("--puppet.mode=live");
    }

    @Test
    void refuses_a_speed_in_live_mode() {
        assertThat(PuppetCli.execute("run", "--live", "--speed", "60")).isEqualTo(2);
    }

    @Test
    void refuses_a_speed_below_one() {
        assertThat(PuppetCli.execute("run", "--speed", "0.5")).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, 127.0.0.1", "0.0.0.0, 127.0.0.1", "::, 127.0.0.1", "192.168.1.5, 192.168.1.5", "::1, [::1]"
    })
    void prints_an_address_a_local_browser_can_open(String bindAddress, String host) {
        assertThat(RunCommand.urlHost(bindAddress)).isEqualTo(host);
    }
}
