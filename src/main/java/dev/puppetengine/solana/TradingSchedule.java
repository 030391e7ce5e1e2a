package dev.puppetengine.solana;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When a persona decides about a trade next, the original's rule without its polling: the original checked every
 * {@link #CHECK} and traded when at least {@code min_hours_between_trades} had passed and either {@code
 * max_hours_between_trades} had passed or a draw under {@code random_probability} came up. This draws the same
 * moment directly: {@code min} plus {@link #CHECK} times the number of failed draws, at most {@code max}. So {@code
 * random_probability: 1} decides at {@code min}, {@code 0} at {@code max}. Every decision, a hold too, starts the next
 * interval, and two decisions are never less than {@link #CHECK} apart. Pure; the caller passes the random generator.
 */
public final class TradingSchedule {

    /** The original's check interval. */
    public static final Duration CHECK = Duration.ofMinutes(10);

    private TradingSchedule() {}

    /** The wait from a decision to the next one. */
    public static Duration nextInterval(TradingSettings settings, RandomGenerator random) {
        Duration min = settings.minBetweenTrades();
        Duration max = settings.maxBetweenTrades();
        double p = settings.randomProbability();
        long window = max.minus(min).toMillis();
        long checks = window / CHECK.toMillis();
        long failed = 0;
        if (p <= 0) {
            return atLeastOneCheck(max);
        }
        if (p < 1) {
            // geometric: the number of failed draws before the first success
            double u = random.nextDouble();
            double draws = Math.floor(Math.log1p(-u) / Math.log1p(-p));
            failed = draws >= checks ? checks + 1 : (long) draws;
        }
        if (failed > checks) {
            return atLeastOneCheck(max);
        }
        Duration wait = min.plus(CHECK.multipliedBy(failed));
        return atLeastOneCheck(wait.compareTo(max) > 0 ? max : wait);
    }

    // like the original's polling, never two decisions within one check interval
    private static Duration atLeastOneCheck(Duration wait) {
        return wait.compareTo(CHECK) < 0 ? CHECK : wait;
    }
}
