package dev.puppetengine.social.twitter;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How often each persona reads its mentions ({@code puppet.x.reads.*}, DESIGN §6.2): every {@code active-interval}
 * while a conversation is active (a mention read within {@code active-for}), every {@code quiet-interval} otherwise;
 * never faster than {@code monthly-budget} (reads per persona per calendar month, 0 = no budget) can sustain for the
 * rest of the month, so polling slows as the budget runs down and stops when it is used up. With
 * {@code cast-search} (default on) one recent search ORing the cast's handles reads the mentions of all personas
 * when it costs fewer requests than one mentions call each; its cadence follows the same intervals, for the cast.
 */
@Validated
@ConfigurationProperties("puppet.x.reads")
public record XReadsProperties(
        @DefaultValue("75s") Duration activeInterval,
        @DefaultValue("15m") Duration quietInterval,
        @DefaultValue("30m") Duration activeFor,
        @DefaultValue("0") long monthlyBudget,
        @DefaultValue("true") boolean castSearch) {

    public XReadsProperties {
        requirePositive("active-interval", activeInterval);
        requirePositive("quiet-interval", quietInterval);
        if (activeFor.isNegative()) {
            throw new IllegalArgumentException("puppet.x.reads.active-for must not be negative, was " + activeFor);
        }
        if (quietInterval.compareTo(activeInterval) < 0) {
            throw new IllegalArgumentException("puppet.x.reads.quiet-interval (" + quietInterval
                    + ") must not be shorter than active-interval (" + activeInterval + ")");
        }
        if (monthlyBudget < 0) {
            throw new IllegalArgumentException("puppet.x.reads.monthly-budget must be >= 0, was " + monthlyBudget);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("puppet.x.reads." + name + " must be positive, was " + value);
        }
    }
}
