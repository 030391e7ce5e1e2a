package dev.puppetengine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke test of {@code ./puppet bench engine}: a tiny cast at a high speed through the bench's whole code path (both
 * phases, the API client, the lag listener, the row). It checks that the figures are there and sane, never how fast
 * anything was.
 */
class EngineBenchIT {

    @Test
    void a_small_run_measures_every_figure_and_adds_a_well_formed_row(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("PERFORMANCE.md");
        String header = "| date | command | machine | personas | start-up | scheduled posts made | personas posted"
                + " | post-due lag p50 / p99 / max | `GET /api/status` | `GET /api/agents?limit=50`"
                + " | `GET /api/agents/{id}` | X requests per persona-day | heap per idle persona | CPU per post |";
        Files.writeString(doc, "## Engine at scale\n\n" + header + "\n" + EngineBench.ROWS_MARKER + "\n\nafter\n");

        EngineBench.Result result = EngineBench.run(EngineBench.parse(new String[] {
            "--personas",
            "12",
            "--minutes",
            "0.1",
            "--speed",
            "1800",
            "--baseline",
            "2",
            "--doc",
            doc.toString(),
            "--puppet.memory.embedder=hashing"
        }));

        assertThat(result.scheduled()).isPositive();
        assertThat(result.posted()).isPositive();
        assertThat(result.personasPosted()).isBetween(1, 12);
        assertThat(result.lagSeconds().count()).isEqualTo(result.scheduled());
        assertThat(result.lagSeconds().p99())
                .isGreaterThanOrEqualTo(result.lagSeconds().p50());
        assertThat(result.apiMillis())
                .containsOnlyKeys(EngineBench.ApiLoad.STATUS, EngineBench.ApiLoad.AGENTS, EngineBench.ApiLoad.AGENT)
                .allSatisfy((endpoint, spread) -> assertThat(spread.count()).isPositive());
        assertThat(result.apiErrors()).isEmpty();
        assertThat(result.xPerPersonaDay()).containsKey("create-post");
        assertThat(result.xPerPersonaDay().get("create-post")).isPositive();
        assertThat(result.heapPerIdlePersonaBytes()).isFinite();
        assertThat(result.cpuMillisPerPost()).isPositive();

        String text = Files.readString(doc);
        assertThat(text).contains(result.row() + "\n" + EngineBench.ROWS_MARKER).endsWith("after\n");
        assertThat(result.row())
                .startsWith("| ")
                .endsWith(" |")
                .contains("`./puppet bench engine --personas 12 --minutes 0.1 --speed 1800 --baseline 2"
                        + " --puppet.memory.embedder=hashing`")
                .doesNotContain("\n");
        assertThat(cells(result.row())).hasSameSizeAs(cells(header));
    }

    private static String[] cells(String row) {
        return Arrays.stream(row.substring(1, row.length() - 1).split("\\|"))
                .map(String::strip)
                .toArray(String[]::new);
    }
}
