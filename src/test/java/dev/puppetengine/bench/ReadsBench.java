package dev.puppetengine.bench;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.ScheduledExecutionsFilter;
import com.github.kagkarlsson.scheduler.Scheduler;
import dev.puppetengine.PuppetEngineApplication;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.social.XUsage;
import dev.puppetengine.social.sandbox.SandboxNetwork;
import dev.puppetengine.social.sandbox.SandboxPost;
import dev.puppetengine.social.twitter.XEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reads bench (issue 11, Done-when 4; {@code ./puppet bench reads}): the whole engine in sandbox mode, a cast of
 * {@code --personas} (20) copies of the three sample personas, the offline composer, and {@code --mentions} (400)
 * human mentions at seeded random times over {@code --hours} (24) of persona time — most {@code @handle} posts, some
 * to two personas, some replies to a persona's post. Persona time is a settable clock that the bench moves from one
 * due task (or scripted mention) to the next once every running task has finished, so a simulated day takes minutes
 * and every task runs exactly when its schedule says ({@code --speed} with no upper limit). Prints the X read requests
 * per persona-day ({@code x_usage}, the cast search's {@code _cast} line included) and the reply latency p50/p99
 * (mention created → reply posted, persona time), and whether the goal of {@code docs/PERFORMANCE.md} holds.
 * Extra arguments are Spring properties ({@code --puppet.x.reads.active-interval=90s}).
 */
public final class ReadsBench {

    private static final Instant START = Instant.parse("2026-12-02T00:00:00Z");
    private static final Duration TAIL = Duration.ofHours(1);
    private static final String[] OPENERS = {
        "what are you working on tonight?", "any luck with it?", "how was the day?", "did it recover?",
        "what do you do at 3am?", "tell me about the tin", "is it warm yet?", "what are you reading?",
        "which tool would you keep?", "what went wrong first?", "any advice for a beginner?", "what did you find?"
    };

    private ReadsBench() {}

    record Options(int personas, int mentions, Duration hours, long seed, List<String> spring) {}

    record Mention(Instant at, String human, List<String> personas, boolean replyToLatest, int opener) {}

    record Sent(SandboxPost post, List<String> personas) {}

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        Path work = Files.createTempDirectory("reads-bench");
        Path agents = writeCast(work.resolve("agents"), options.personas());
        SettableClock clock = new SettableClock(START);
        List<String> properties = new ArrayList<>(List.of(
                "--spring.datasource.url=jdbc:h2:mem:reads-bench;DB_CLOSE_DELAY=-1",
                "--puppet.config-dir=" + agents,
                "--puppet.data-dir=" + work.resolve("data"),
                "--server.port=0",
                "--puppet.sandbox.port=0",
                "--puppet.memory.embedder=hashing",
                "--puppet.events.random.mood.enabled=false",
                "--puppet.events.random.interactions.enabled=false",
                "--puppet.x.enforce-policy-in-sandbox=true",
                "--puppet.x.ai-replies-approved=true",
                "--logging.level.root=WARN",
                "--logging.level.dev.puppetengine.bench=INFO"));
        properties.addAll(options.spring());
        SpringApplication application = new SpringApplication(PuppetEngineApplication.class);
        application.addInitializers(context -> context.getBeanFactory().registerSingleton("clock", clock));
        long realStart = System.nanoTime();
        try (ConfigurableApplicationContext context = application.run(properties.toArray(String[]::new))) {
            run(context, clock, options, realStart);
        }
    }

    private static void run(
            ConfigurableApplicationContext context, SettableClock clock, Options options, long realStart)
            throws InterruptedException {
        if (context.getBean(Clock.class) != clock) {
            throw new IllegalStateException("the engine does not run on the bench's clock");
        }
        Scheduler scheduler = context.getBean(Scheduler.class);
        SandboxNetwork sandbox = context.getBean(SandboxNetwork.class);
        JdbcClient jdbc = JdbcClient.create(context.getBean(javax.sql.DataSource.class));
        XUsage usage = context.getBean(XUsage.class);
        List<Mention> script = script(options);
        Instant end = START.plus(options.hours());
        List<Sent> sent = new ArrayList<>();
        Map<String, Long> readsAtEnd = null;
        int next = 0;
        while (true) {
            quiesce(scheduler, clock);
            Instant due = nextDue(scheduler);
            Instant mentionAt = next < script.size() ? script.get(next).at() : Instant.MAX;
            Instant step = due.isBefore(mentionAt) ? due : mentionAt;
            if (readsAtEnd == null && !step.isBefore(end)) {
                clock.set(end);
                readsAtEnd = reads(usage);
            }
            if (!step.isBefore(end.plus(TAIL)) || (readsAtEnd != null && answered(jdbc, sent) == expected(sent))) {
                break;
            }
            if (step.isAfter(clock.instant())) {
                clock.set(step);
            }
            while (next < script.size() && !script.get(next).at().isAfter(clock.instant())) {
                send(sandbox, jdbc, script.get(next++)).ifPresent(sent::add);
            }
            scheduler.triggerCheckForDueExecutions();
        }
        report(options, jdbc, sent, readsAtEnd == null ? reads(usage) : readsAtEnd, realStart);
    }

    /** Waits until no task is due or running at the clock's time. */
    private static void quiesce(Scheduler scheduler, SettableClock clock) throws InterruptedException {
        int calm = 0;
        while (calm < 3) {
            Instant now = clock.instant();
            boolean busy = scheduler.getScheduledExecutions(ScheduledExecutionsFilter.all()).stream()
                            .anyMatch(e -> !e.getExecutionTime().isAfter(now))
                    || !scheduler.getCurrentlyExecuting().isEmpty();
            calm = busy ? 0 : calm + 1;
            if (busy) {
                scheduler.triggerCheckForDueExecutions();
            }
            Thread.sleep(busy ? 5 : 1);
        }
    }

    private static Instant nextDue(Scheduler scheduler) {
        return scheduler.getScheduledExecutions(ScheduledExecutionsFilter.all()).stream()
                .map(ScheduledExecution::getExecutionTime)
                .min(Instant::compareTo)
                .orElse(Instant.MAX);
    }

    private static Optional<Sent> send(SandboxNetwork sandbox, JdbcClient jdbc, Mention mention) {
        StringBuilder text = new StringBuilder();
        @Nullable Long replyTo = null;
        if (mention.replyToLatest()) {
            replyTo = jdbc.sql("SELECT MAX(p.id) FROM sandbox_post p JOIN sandbox_user u ON u.id = p.author_id"
                            + " WHERE u.persona_id = ? AND p.in_reply_to_id IS NULL AND p.deleted = FALSE")
                    .param(mention.personas().getFirst())
                    .query(Long.class)
                    .optional()
                    .orElse(null);
        }
        if (replyTo == null) {
            for (String persona : mention.personas()) {
                text.append('@').append(persona.replace('-', '_')).append(' ');
            }
        }
        text.append(OPENERS[mention.opener() % OPENERS.length]);
        text.append(" (").append(mention.at().toString(), 11, 16).append(')');
        List<String> personas = replyTo == null
                ? mention.personas()
                : List.of(mention.personas().getFirst());
        return Optional.of(new Sent(sandbox.postAsHuman(mention.human(), text.toString(), replyTo), personas));
    }

    private static int expected(List<Sent> sent) {
        return sent.stream().mapToInt(s -> s.personas().size()).sum();
    }

    private static int answered(JdbcClient jdbc, List<Sent> sent) {
        return (int) sent.stream()
                .flatMap(s -> s.personas().stream()
                        .map(p -> replyAt(jdbc, Long.parseLong(s.post().id()), p)))
                .filter(Optional::isPresent)
                .count();
    }

    private static Optional<Instant> replyAt(JdbcClient jdbc, long mentionId, String persona) {
        return jdbc.sql("SELECT MIN(p.created_at) FROM sandbox_post p JOIN sandbox_user u ON u.id = p.author_id"
                        + " WHERE p.in_reply_to_id = ? AND u.persona_id = ?")
                .params(mentionId, persona)
                .query(OffsetDateTime.class)
                .optional()
                .map(OffsetDateTime::toInstant);
    }

    /** X requests so far, per line ({@code persona} or {@code _cast}) and endpoint: {@code line endpoint -> n}. */
    private static Map<String, Long> reads(XUsage usage) {
        Map<String, Long> reads = new TreeMap<>();
        for (XUsage.Requests line : usage.listRequestsSince(LocalDate.EPOCH)) {
            reads.merge(line.personaId() + " " + line.endpoint(), line.requests(), Long::sum);
        }
        return reads;
    }

    private static boolean isRead(String endpointKey) {
        return Arrays.stream(XEndpoint.values())
                .noneMatch(e -> e.key().equals(endpointKey) && !e.method().equals("GET"));
    }

    private static void report(
            Options options, JdbcClient jdbc, List<Sent> sent, Map<String, Long> usage, long realStart) {
        List<Long> latencies = new ArrayList<>();
        for (Sent s : sent) {
            for (String persona : s.personas()) {
                replyAt(jdbc, Long.parseLong(s.post().id()), persona)
                        .ifPresent(at -> latencies.add(
                                Duration.between(s.post().createdAt(), at).toSeconds()));
            }
        }
        latencies.sort(Long::compare);
        Map<String, Integer> whyNot = new TreeMap<>();
        for (Sent s : sent) {
            for (String persona : s.personas()) {
                if (replyAt(jdbc, Long.parseLong(s.post().id()), persona).isEmpty()) {
                    String why = jdbc
                            .sql("SELECT outcome || ': ' || reason FROM decision WHERE persona_id = ?"
                                    + " AND input_ref = ? ORDER BY id DESC")
                            .params(persona, s.post().id())
                            .query(String.class)
                            .list()
                            .stream()
                            .findFirst()
                            .orElse("no decision (never read)");
                    whyNot.merge(why, 1, Integer::sum);
                }
            }
        }
        Map<String, Long> readsByEndpoint = new TreeMap<>();
        Map<String, Long> writesByEndpoint = new TreeMap<>();
        long castReads = 0;
        for (var line : usage.entrySet()) {
            String[] parts = line.getKey().split(" ");
            (isRead(parts[1]) ? readsByEndpoint : writesByEndpoint).merge(parts[1], line.getValue(), Long::sum);
            if (parts[0].equals("_cast")) {
                castReads += line.getValue();
            }
        }
        long reads =
                readsByEndpoint.values().stream().mapToLong(Long::longValue).sum();
        double days = options.hours().toMinutes() / 1440.0;
        double perPersonaDay = reads / (double) options.personas() / days;
        int expected = expected(sent);
        long p50 = percentile(latencies, 50);
        long p99 = percentile(latencies, 99);
        System.out.printf(
                "reads bench: %d personas, %s of persona time, %d scripted mentions (seed %d), %.0f s real%n",
                options.personas(),
                options.hours(),
                sent.size(),
                options.seed(),
                (System.nanoTime() - realStart) / 1e9);
        System.out.printf("mentions answered: %d of %d persona-mentions%n", latencies.size(), expected);
        System.out.printf(
                "reply latency (mention created -> reply posted, persona time): p50 %d s, p99 %d s, max %d s%n",
                p50, p99, latencies.isEmpty() ? -1 : latencies.getLast());
        System.out.printf(
                "X reads: %d = %.1f per persona-day (cast search %d); by endpoint %s%n",
                reads, perPersonaDay, castReads, readsByEndpoint);
        System.out.printf("X writes: %s%n", writesByEndpoint);
        whyNot.forEach((why, count) -> System.out.printf("unanswered: %d x %s%n", count, why));
        System.out.printf(
                "goal: every mention answered %s, p50 <= 120 s %s, <= 72 reads per persona-day %s%n",
                latencies.size() == expected ? "met" : "MISSED",
                p50 >= 0 && p50 <= 120 ? "met" : "MISSED",
                perPersonaDay <= 72 ? "met" : "MISSED");
    }

    private static long percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** Mentions at seeded random times, the last one an hour before the end, oldest first. */
    static List<Mention> script(Options options) {
        SplittableRandom random = new SplittableRandom(options.seed());
        long span = options.hours().minus(Duration.ofHours(1)).toMillis();
        List<Mention> mentions = new ArrayList<>();
        for (int i = 0; i < options.mentions(); i++) {
            Instant at = START.plusMillis(Duration.ofMinutes(10).toMillis() + random.nextLong(Math.max(1, span)));
            String first = personaId(random.nextInt(options.personas()));
            List<String> personas = new ArrayList<>(List.of(first));
            double kind = random.nextDouble();
            if (kind < 0.15 && options.personas() > 1) {
                String second = personaId(random.nextInt(options.personas()));
                if (!second.equals(first)) {
                    personas.add(second);
                }
            }
            mentions.add(new Mention(
                    at, "walker_%02d".formatted(random.nextInt(30)), personas, kind > 0.8, random.nextInt(1_000)));
        }
        mentions.sort((a, b) -> a.at().compareTo(b.at()));
        return mentions;
    }

    static String personaId(int index) {
        return "bench-%02d".formatted(index + 1);
    }

    /**
     * {@code count} personas, ids {@code bench-01} …: copies of the three sample personas in turn (Juniper, Marlow,
     * Tess), each with a name of its own.
     */
    private static Path writeCast(Path dir, int count) throws IOException {
        Files.createDirectories(dir);
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode juniper =
                (ObjectNode) json.readTree(Path.of("config/agents/juniper.json").toFile());
        String marlow = Files.readString(Path.of("config/agents/marlow.yaml"));
        ObjectNode tess = (ObjectNode)
                json.readTree(Path.of("config/agents/tess.character.json").toFile());
        for (int i = 0; i < count; i++) {
            String id = personaId(i);
            switch (i % 3) {
                case 0 -> {
                    ObjectNode persona = juniper.deepCopy();
                    persona.put("id", id);
                    persona.put("name", "Juniper " + (i + 1));
                    Files.writeString(dir.resolve(id + ".json"), json.writeValueAsString(persona));
                }
                case 1 ->
                    Files.writeString(
                            dir.resolve(id + ".yaml"),
                            marlow.replace("id: marlow", "id: " + id)
                                    .replace("name: Marlow Quince", "name: Marlow " + (i + 1)));
                default -> {
                    ObjectNode persona = tess.deepCopy();
                    persona.put("name", "Tess " + (i + 1));
                    Files.writeString(dir.resolve(id + ".character.json"), json.writeValueAsString(persona));
                }
            }
        }
        return dir;
    }

    private static Options parse(String[] args) {
        Map<String, String> named =
                new LinkedHashMap<>(Map.of("--personas", "20", "--mentions", "400", "--hours", "24", "--seed", "7"));
        List<String> spring = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (named.containsKey(args[i]) && i + 1 < args.length) {
                named.put(args[i], args[++i]);
            } else if (args[i].startsWith("--") && args[i].contains("=")) {
                spring.add(args[i]);
            } else {
                throw new IllegalArgumentException("usage: ./puppet bench reads [--personas 20] [--mentions 400]"
                        + " [--hours 24] [--seed 7] [--spring.property=value ...]; unknown: " + args[i]);
            }
        }
        return new Options(
                Integer.parseInt(named.get("--personas")),
                Integer.parseInt(named.get("--mentions")),
                Duration.ofHours(Long.parseLong(named.get("--hours"))),
                Long.parseLong(named.get("--seed")),
                spring);
    }
}
