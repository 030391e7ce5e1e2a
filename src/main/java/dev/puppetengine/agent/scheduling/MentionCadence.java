package dev.puppetengine.agent.scheduling;

import dev.puppetengine.agent.Engine;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.social.XUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a persona reads its mentions next (DESIGN §6.2): {@code active} apart while a conversation is active (a
 * mention read within {@code activeFor}), {@code quiet} apart otherwise, and never more often than a monthly read
 * budget can sustain until the end of the UTC month (its remaining reads spread over the remaining time; none left:
 * the next read is at the start of the next month). Thread-safe.
 */
final class MentionCadence {

    private final Duration active;
    private final Duration quiet;
    private final Duration activeFor;
    private final long monthlyBudget;
    private final XUsage usage;
    private final Clock clock;
    private final Map<PersonaId, Instant> lastMention = new ConcurrentHashMap<>();

    /** @param monthlyBudget reads per persona per month; 0 for none */
    MentionCadence(Duration active, Duration quiet, Duration activeFor, long monthlyBudget, XUsage usage, Clock clock) {
        this.active = Objects.requireNonNull(active);
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

    /** The wait after {@code check} of {@code persona}. */
    Duration next(PersonaId persona, Engine.MentionCheck check) {
        Instant now = clock.instant();
        if (check.mentions() > 0) {
            lastMention.put(persona, now);
        }
        Instant last = lastMention.get(persona);
        Duration wait = last != null && !now.isAfter(last.plus(activeFor)) ? active : quiet;
        if (monthlyBudget <= 0) {
            return wait;
        }
        Duration sustainable = sustainable(persona, now);
        return sustainable.compareTo(wait) > 0 ? sustainable : wait;
    }

    /** The remaining time of the month spread over the persona's remaining reads. */
    private Duration sustainable(PersonaId persona, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate firstDay = today.withDayOfMonth(1);
        Instant monthEnd = firstDay.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        long reads = usage.listRequestsSince(firstDay).stream()
                .filter(line -> line.personaId().equals(persona.value()) && !line.write())
                .mapToLong(XUsage.Requests::requests)
                .sum();
        long left = monthlyBudget - reads;
        Duration rest = Duration.between(now, monthEnd);
        if (left <= 0) {
            return rest;
        }
        // a mention check costs a mentions read and, now and then, a lookup: two reads per check keeps a margin
        return rest.dividedBy(Math.max(1, left / 2));
    }
}
