package dev.puppetengine.social;

import dev.puppetengine.persona.PersonaSpec;
import java.util.List;
import java.util.Locale;

/**
 * The go-live checks of a persona that need no request to X (README "Going live"): whose credentials it would use
 * live, the switches every persona needs, and its X quota. {@code ./puppet doctor} prints them (and adds what only X
 * can answer); {@code GET /api/checklist} shows them.
 */
public interface GoLiveChecklist {

    /** A check's outcome; a persona with a {@link #FAIL} is not ready. */
    enum Result {
        OK("ok"),
        WARN("warn"),
        FAIL("FAIL");

        private final String word;

        Result(String word) {
            this.word = word;
        }

        /** As doctor prints it. */
        public String word() {
            return word;
        }

        /** As the API shows it: {@code ok}, {@code warn}, {@code fail}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One line of the checklist: {@code check} is its name ({@code credentials}, {@code ai replies}, …). */
    record Check(String check, Result result, String detail) {}

    /** Live limits per persona: posts, replies and quotes a day; mention reads a UTC month (0: no budget). */
    record Quota(int dailyPostCap, long monthlyReadBudget) {}

    /** A persona's checks in doctor's order and its quota. */
    record Report(List<Check> checks, Quota quota) {
        public Report {
            checks = List.copyOf(checks);
        }

        /** No check failed. */
        public boolean ready() {
            return checks.stream().noneMatch(check -> check.result() == Result.FAIL);
        }
    }

    Report check(PersonaSpec persona);
}
