package dev.puppetengine.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction the default H2 database committed is on disk when the process dies right after, without a shutdown
 * ({@link Runtime#halt}, as SIGKILL): H2's default write delay lost the last half second of commits, so a mention the
 * sandbox had acknowledged vanished after a kill -9.
 */
class CommitsSurviveKillIT {

    private static final int ROWS = 200;

    @TempDir
    Path dataDir;

    @Test
    void every_commit_before_a_halt_is_there_after_the_restart() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process writer = new ProcessBuilder(List.of(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        CommitsSurviveKillIT.class.getName(),
                        dataDir.toString()))
                .inheritIO()
                .start();
        assertThat(writer.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(writer.exitValue()).as("the writer halted after its commits").isEqualTo(9);

        try (Connection connection = DriverManager.getConnection(DatabaseUrlDefaults.h2Url(dataDir), "", "");
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM committed")) {
            assertThat(count.next()).isTrue();
            assertThat(count.getInt(1)).isEqualTo(ROWS);
        }
    }

    /** The writer: commits {@link #ROWS} single-row transactions, then halts as if killed. */
    public static void main(String[] args) throws SQLException {
        Connection connection = DriverManager.getConnection(DatabaseUrlDefaults.h2Url(Path.of(args[0])), "", "");
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE committed (id INT PRIMARY KEY)");
            for (int i = 0; i < ROWS; i++) {
                statement.execute("INSERT INTO committed VALUES (" + i + ")");
            }
        }
        Runtime.getRuntime().halt(9);
    }
}
