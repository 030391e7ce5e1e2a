package dev.puppetengine.agent.scheduling;

import dev.puppetengine.agent.CastMentions;
import dev.puppetengine.agent.Engine;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.social.XUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * When a persona reads its mentions next (DESIGN §6.2): {@code active} apart while a conversation is active (a
 * mention read within {@code activeFor}), {@code quiet} apart otherwise, and never more often than a monthly read
 * budget can sustain until the end of the UTC month (its remaining reads spread over the remaining time; none left:
 * the next read is at the start of the next month). A persona the cast search covers reads nothing: its task comes
 * back when its first waiting reply is due, else after {@code covered} ({@link #nextCovered}). Thread-safe.
 */
final class MentionCadence {

    /** How long a covered persona's task waits when no reply of it waits: 6 persona hours, a safety net only. */
    static final Duration COVERED = Duration.ofHours(6);

    private final Duration active;
    private final Duration quiet;
    private final Duration activeFor;
    private final Duration covered;
    private final long monthlyBudget;
    private final XUsage usage;
    private final Clock clock;
    private final Map<PersonaId, Instant> lastMention = new ConcurrentHashMap<>();
    private volatile @Nullable Instant lastCastMention;

    /** A covered persona's task waits {@link #COVERED} when no reply of it waits. */
    MentionCadence(Duration active, Duration quiet, Duration activeFor, long monthlyBudget, XUsage usage, Clock clock) {
        this(active, quiet, activeFor, COVERED, monthlyBudget, usage, clock);
    }

    /**
     * @param covered how long a covered persona's task waits when no reply of it waits
     * @param monthlyBudget reads per persona per month; 0 for none
     */
    MentionCadence(
            Duration active,
            Duration quiet,
            Duration activeFor,
            Duration covered,
            long monthlyBudget,
            XUsage usage,
            Clock clock) {
        this.active = Objects.requireNonNull(active);
        this.covered = Objects.requireNonNull(covered);
        this.quiet = Objects.requireNonNull(quiet);
        this.activeFor = Objects.requireNonNull(activeFor);
        this.monthlyBudget = monthlyBudget;
        this.usage = Objects.requireNonNull(usage);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The shortest wait: the first check of a persona comes within it. */
    Duration active() {
        return active;
    }

    /** How long a covered persona's task waits when no reply of it waits. */
    Duration covered() {
        return covered;
    }

    /** The wait after {@code check} of {@code persona}. */
    Duration next(PersonaId persona, Engine.MentionCheck check) {
        Instant now = clock.instant();
        if (check.mentions() > 0) {
            lastMention.put(persona, now);
        }
        Duration wait = isActive(lastMention.get(persona), now) ? active : quiet;
        if (monthlyBudget <= 0) {
            return wait;
        }
        Duration sustainable = sustainable(Set.of(persona.value()), monthlyBudget, now);
        return sustainable.compareTo(wait) > 0 ? sustainable : wait;
    }

    /**
     * The wait after {@code check} of a persona the cast search covers ({@link Engine#deliverReplies}): until its
     * first waiting reply is due ({@link Engine.MentionCheck#replyDue}), at most {@code covered}; {@code covered}
     * when none waits. The cast read and the wake-ups ({@link dev.puppetengine.agent.MentionWakeups}) bring it
     * forward when that changes.
     */
    Duration nextCovered(Engine.MentionCheck check) {
        Instant due = check.replyDue();
        if (due == null) {
            return covered;
        }
        Duration wait = Duration.between(clock.instant(), due);
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(covered) > 0 ? covered : wait;
    }

    /**
     * The wait after a cast-wide read ({@link CastMentions.CastCheck}): {@code active} while any conversation of the
     * cast is active, {@code quiet} otherwise; with a budget, the covered personas' budgets together pay for the
     * cast search (the {@link XUsage#CAST} line) and the personas' own reads.
     */
    Duration nextForCast(CastMentions.CastCheck check) {
        Instant now = clock.instant();
        if (check.mentions() > 0) {
            lastCastMention = now;
        }
        Duration wait = isActive(lastCastMention, now) ? active : quiet;
        if (monthlyBudget <= 0 || check.covered().isEmpty()) {
            return wait;
        }
        Set<String> lines = new HashSet<>();
        check.covered().forEach(persona -> lines.add(persona.value()));
        lines.add(XUsage.CAST);
        Duration sustainable =
                sustainable(lines, monthlyBudget * check.covered().size(), now);
        return sustainable.compareTo(wait) > 0 ? sustainable : wait;
    }

    private boolean isActive(@Nullable Instant lastMention, Instant now) {
        return lastMention != null && !now.isAfter(lastMention.plus(activeFor));
    }

    /** The remaining time of the month spread over the remaining reads of the usage {@code lines}. */
    private Duration sustainable(Set<String> lines, long budget, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate firstDay = today.withDayOfMonth(1);
        Instant monthEnd = firstDay.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        long reads = usage.listRequestsSince(firstDay).stream()
                .filter(line -> lines.contains(line.personaId()) && !line.write())
                .mapToLong(XUsage.Requests::requests)
                .sum();
        long left = budget - reads;
        Duration rest = Duration.between(now, monthEnd);
        if (left <= 0) {
            return rest;
        }
        // a mention check costs a mentions read and, now and then, a lookup: two reads per check keeps a margin
        return rest.dividedBy(Math.max(1, left / 2));
    }
}
