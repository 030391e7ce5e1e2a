package dev.puppetengine.bench;

import com.github.kagkarlsson.scheduler.CurrentlyExecuting;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.Execution;
import dev.puppetengine.PuppetEngineApplication;
import dev.puppetengine.agent.scheduling.PersonaTasks;
import dev.puppetengine.social.XUsage;
import dev.puppetengine.social.sandbox.SandboxWireCheck;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The engine bench (issue 13; {@code ./puppet bench engine}): {@code --personas} (1,000) generated personas shaped
 * like the sample cast, each posting every 1–2 h of persona time, run by the whole engine in sandbox mode in this
 * process at {@code --speed} (60) for {@code --minutes} (3) of real time, with the offline composer (the personas name
 * a provider whose key is not set) and the default settings otherwise (H2 file database, MiniLM embedder, random
 * events). A second client (one thread, sequential) asks {@code GET /api/status}, {@code GET /api/agents?limit=50}
 * and {@code GET /api/agents/{id}} once a second each. Post-due lag is measured by a db-scheduler listener: the
 * persona time a {@code post-due} execution starts minus its execution time, divided by the speed (real seconds);
 * one still waiting at the end counts with its wait so far. Heap per idle persona comes from a separate short phase
 * with {@code --baseline} (100) personas: used heap after a forced GC right after start with N personas minus with
 * the baseline, over N − baseline. Prints the figures and inserts one row into {@code --doc}
 * ({@code docs/PERFORMANCE.md}, above {@link #ROWS_MARKER}; {@code --doc none} skips it). Extra {@code --name=value}
 * arguments are Spring properties.
 */
public final class EngineBench {

    /** The line of {@code docs/PERFORMANCE.md} the bench inserts its row above. */
    static final String ROWS_MARKER =
            "<!-- engine bench rows: ./puppet bench engine inserts its row above this line -->";

    static final String TOKEN = "engine-bench-token";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final Duration API_EVERY = Duration.ofSeconds(1);
    private static final String[] FIRST_NAMES = {
        "Ada", "Bram", "Cleo", "Dara", "Emil", "Fern", "Gus", "Hale", "Ines", "Jory", "Kit", "Lior", "Mina", "Nils",
        "Odile", "Pim", "Quill", "Rhea", "Sol", "Tam", "Uma", "Vik", "Wren", "Xan", "Yara", "Zeb"
    };
    private static final String[] INTERESTS = {
        "moths",
        "mycelium",
        "seed saving",
        "compost",
        "insomnia",
        "greenhouses at night",
        "stargazing",
        "comets",
        "telescopes",
        "tide tables",
        "night buses",
        "lighthouses",
        "8-bit computers",
        "capacitors",
        "CRT monitors",
        "floppy disks",
        "soldering",
        "schematics",
        "repairability",
        "sourdough",
        "urban foxes",
        "allotments",
        "vinyl records",
        "bicycle repair",
        "weather stations",
        "birdsong",
        "old maps",
        "beekeeping",
        "knitting",
        "tram lines"
    };

    private EngineBench() {}

    /** The bench's options; {@code doc} null means no row is written. */
    record Options(
            int personas,
            double minutes,
            double speed,
            int baseline,
            long seed,
            @Nullable Path doc,
            List<String> spring,
            String commandLine) {
        Options {
            if (personas < 1 || baseline < 1 || baseline >= personas) {
                throw new IllegalArgumentException(
                        "need 1 <= --baseline < --personas: " + baseline + " and " + personas);
            }
            if (!(minutes > 0) || !(speed >= 1)) {
                throw new IllegalArgumentException("need --minutes > 0 and --speed >= 1");
            }
            spring = List.copyOf(spring);
        }
    }

    /** p50/p99/max of a sample in the sample's unit; {@code -1} each when it is empty. */
    record Spread(double p50, double p99, double max, int count) {
        static Spread of(List<Double> values) {
            List<Double> sorted = values.stream().sorted().toList();
            if (sorted.isEmpty()) {
                return new Spread(-1, -1, -1, 0);
            }
            return new Spread(percentile(sorted, 50), percentile(sorted, 99), sorted.getLast(), sorted.size());
        }

        String format(String unit, String pattern) {
            return count == 0
                    ? "-"
                    : String.format(
                            Locale.ROOT, pattern + " / " + pattern + " / " + pattern + " " + unit, p50, p99, max);
        }
    }

    /** What a run measured; {@code row} is the {@code docs/PERFORMANCE.md} line. */
    record Result(
            int personas,
            int scheduled,
            int posted,
            int otherPosts,
            int personasPosted,
            Spread lagSeconds,
            Map<String, Spread> apiMillis,
            Map<String, Long> apiErrors,
            Map<String, Double> xPerPersonaDay,
            double heapPerIdlePersonaBytes,
            double heapPerPersonaAfterRunBytes,
            double cpuMillisPerPost,
            Duration startup,
            String row) {}

    public static void main(String[] args) throws Exception {
        Result result = run(parse(args));
        System.out.println(result.row());
    }

    static Result run(Options options) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("engine-bench");
        try {
            return run(options, work);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    private static Result run(Options options, Path work) throws IOException, InterruptedException {
        String machine = machine();
        System.err.printf(
                "engine bench: %d personas, %.1f min at speed %.0f on %s; baseline phase with %d personas first%n",
                options.personas(), options.minutes(), options.speed(), machine, options.baseline());
        long baselineBegin = System.nanoTime();
        long baselineHeap;
        try (ConfigurableApplicationContext context = start(
                options,
                writeCast(work.resolve("baseline/agents"), options.baseline(), options.seed()),
                work.resolve("baseline/data"),
                new PostStarts(Clock.systemUTC()))) {
            baselineHeap = heapAfterGc();
        }
        System.err.printf(
                Locale.ROOT, "engine bench: baseline phase took %.1f s%n", (System.nanoTime() - baselineBegin) / 1e9);
        Path agents = writeCast(work.resolve("agents"), options.personas(), options.seed());
        long startupBegin = System.nanoTime();
        PostStarts starts = new PostStarts(Clock.systemUTC());
        Result result;
        long stopBegin;
        try (ConfigurableApplicationContext context = start(options, agents, work.resolve("data"), starts)) {
            Duration startup = Duration.ofNanos(System.nanoTime() - startupBegin);
            long idleHeap = heapAfterGc();
            System.err.printf(
                    "engine bench: started in %.1f s; heap after GC %d MB (baseline %d MB)%n",
                    startup.toMillis() / 1e3, idleHeap >> 20, baselineHeap >> 20);
            result = measure(context, options, starts, startup, machine, baselineHeap, idleHeap);
            stopBegin = System.nanoTime();
        }
        System.err.printf(
                Locale.ROOT, "engine bench: engine stopped in %.1f s%n", (System.nanoTime() - stopBegin) / 1e9);
        return result;
    }

    private static ConfigurableApplicationContext start(Options options, Path agents, Path data, PostStarts starts) {
        List<String> properties = new ArrayList<>(List.of(
                "--puppet.config-dir=" + agents,
                "--puppet.data-dir=" + data,
                "--puppet.speed=" + options.speed(),
                "--server.port=0",
                "--puppet.sandbox.port=0",
                "--PUPPET_API_TOKEN=" + TOKEN,
                "--logging.level.root=WARN",
                "--logging.level.org.flywaydb=ERROR",
                "--logging.level.com.github.kagkarlsson.scheduler.jdbc=ERROR",
                "--logging.level.org.springdoc=ERROR",
                // the bench runs on the test classpath: the tests' wire check would inspect and keep every exchange
                "--spring.autoconfigure.exclude=" + SandboxWireCheck.class.getName()));
        properties.addAll(options.spring());
        SpringApplication application = new SpringApplication(PuppetEngineApplication.class);
        application.addInitializers(context -> {
            starts.useClockOf(context);
            context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof Scheduler scheduler) {
                        scheduler.registerSchedulerListener(starts);
                    }
                    return bean;
                }
            });
        });
        return application.run(properties.toArray(String[]::new));
    }

    private static Result measure(
            ConfigurableApplicationContext context,
            Options options,
            PostStarts starts,
            Duration startup,
            String machine,
            long baselineHeap,
            long idleHeap)
            throws InterruptedException {
        Clock clock = context.getBean(Clock.class);
        JdbcClient jdbc = JdbcClient.create(context.getBean(DataSource.class));
        String port = Objects.requireNonNull(context.getEnvironment().getProperty("local.server.port"));
        ApiLoad api = new ApiLoad(URI.create("http://127.0.0.1:" + port), personaId(options.personas() / 2));
        Thread apiThread = Thread.ofPlatform().name("engine-bench-api").start(api);
        Instant windowStart = clock.instant();
        long cpuStart = processCpuNanos();
        long realStart = System.nanoTime();
        long realEnd = realStart + Math.round(options.minutes() * 60e9);
        long nextProgress = realStart + PROGRESS_EVERY.toNanos();
        while (System.nanoTime() < realEnd) {
            Thread.sleep(Math.max(1, Math.min(nextProgress, realEnd) - System.nanoTime()) / 1_000_000 + 1);
            if (System.nanoTime() >= nextProgress) {
                progress(jdbc, clock, starts, options, realStart);
                nextProgress += PROGRESS_EVERY.toNanos();
            }
        }
        Instant windowEnd = clock.instant();
        long cpu = processCpuNanos() - cpuStart;
        api.stop();
        apiThread.join(Duration.ofSeconds(30));
        List<Double> lags = new ArrayList<>();
        for (Start start : starts.list()) {
            if (!start.due().isAfter(windowEnd) && !start.started().isAfter(windowEnd)) {
                lags.add(realSeconds(Duration.between(start.due(), start.started()), options.speed()));
            }
        }
        List<Instant> waiting = jdbc.sql("SELECT execution_time FROM scheduled_tasks"
                        + " WHERE task_name = ? AND picked = FALSE AND execution_time <= ?")
                .params(PersonaTasks.POST_DUE.getTaskName(), OffsetDateTime.ofInstant(windowEnd, ZoneOffset.UTC))
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant())
                .list();
        for (Instant due : waiting) {
            lags.add(realSeconds(Duration.between(due, windowEnd), options.speed()));
        }
        int posted = scheduledPostsMade(jdbc, windowEnd);
        int originals = originalPosts(jdbc, windowEnd, false);
        int personasPosted = originalPosts(jdbc, windowEnd, true);
        double personaDays = options.personas()
                * Duration.between(windowStart, windowEnd).toMillis()
                / (double) Duration.ofDays(1).toMillis();
        Map<String, Double> xPerPersonaDay = new TreeMap<>();
        for (XUsage.Requests line : context.getBean(XUsage.class).listRequestsSince(LocalDate.EPOCH)) {
            xPerPersonaDay.merge(line.endpoint(), line.requests() / personaDays, Double::sum);
        }
        long afterRunHeap = heapAfterGc();
        double heapPerIdle = (idleHeap - baselineHeap) / (double) (options.personas() - options.baseline());
        double heapAfterRun = afterRunHeap / (double) options.personas();
        double cpuPerPost = originals == 0 ? -1 : cpu / 1e6 / originals;
        Map<String, Spread> apiMillis = api.spreads();
        Result partial = new Result(
                options.personas(),
                lags.size(),
                posted,
                Math.max(0, originals - posted),
                personasPosted,
                Spread.of(lags),
                apiMillis,
                api.errors(),
                xPerPersonaDay,
                heapPerIdle,
                heapAfterRun,
                cpuPerPost,
                startup,
                "");
        String row = row(partial, options, machine, LocalDate.now(Clock.systemUTC()));
        Result result = new Result(
                partial.personas(),
                partial.scheduled(),
                partial.posted(),
                partial.otherPosts(),
                partial.personasPosted(),
                partial.lagSeconds(),
                partial.apiMillis(),
                partial.apiErrors(),
                partial.xPerPersonaDay(),
                partial.heapPerIdlePersonaBytes(),
                partial.heapPerPersonaAfterRunBytes(),
                partial.cpuMillisPerPost(),
                partial.startup(),
                row);
        report(result, options, waiting.size(), cpu, Duration.between(windowStart, windowEnd), afterRunHeap);
        if (options.doc() != null) {
            insertRow(options.doc(), row);
        }
        return result;
    }

    private static void progress(JdbcClient jdbc, Clock clock, PostStarts starts, Options options, long realStart) {
        Instant now = clock.instant();
        int posts = originalPosts(jdbc, now, false);
        List<Double> recent = starts.since(now.minus(PROGRESS_EVERY.multipliedBy(Math.round(options.speed())))).stream()
                .map(s -> realSeconds(Duration.between(s.due(), s.started()), options.speed()))
                .toList();
        Double oldestWaiting = jdbc.sql("SELECT MIN(execution_time) FROM scheduled_tasks"
                        + " WHERE task_name = ? AND picked = FALSE AND execution_time <= ?")
                .params(PersonaTasks.POST_DUE.getTaskName(), OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .query(OffsetDateTime.class)
                .optional()
                .map(due -> realSeconds(Duration.between(due.toInstant(), now), options.speed()))
                .orElse(0.0);
        System.err.printf(
                Locale.ROOT,
                "engine bench: %3.0f s, %d posts, lag of the last 10 s p99 %.2f s (%d starts), oldest waiting %.1f s%n",
                (System.nanoTime() - realStart) / 1e9,
                posts,
                Spread.of(recent).p99(),
                recent.size(),
                oldestWaiting);
    }

    /** The scheduled posts (outbox key {@code post:<persona>:<slot>}) on the network by {@code until}. */
    private static int scheduledPostsMade(JdbcClient jdbc, Instant until) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE 'post:%' AND status = 'posted'"
                        + " AND posted_at <= ?")
                .param(OffsetDateTime.ofInstant(until, ZoneOffset.UTC))
                .query(Integer.class)
                .single();
    }

    private static int originalPosts(JdbcClient jdbc, Instant until, boolean distinctPersonas) {
        String what = distinctPersonas ? "COUNT(DISTINCT u.persona_id)" : "COUNT(*)";
        return jdbc.sql("SELECT " + what + " FROM sandbox_post p JOIN sandbox_user u ON u.id = p.author_id"
                        + " WHERE u.persona_id IS NOT NULL AND p.in_reply_to_id IS NULL AND p.created_at <= ?")
                .param(OffsetDateTime.ofInstant(until, ZoneOffset.UTC))
                .query(Integer.class)
                .single();
    }

    private static double realSeconds(Duration persona, double speed) {
        return persona.toNanos() / 1e9 / speed;
    }

    private static void report(
            Result result, Options options, int waiting, long cpuNanos, Duration personaWindow, long afterRunHeap) {
        System.out.printf(
                Locale.ROOT,
                "engine bench: %d personas, %.1f min real at speed %.0f (%s of persona time), started in %.1f s%n",
                result.personas(),
                options.minutes(),
                options.speed(),
                personaWindow.withNanos(0),
                result.startup().toMillis() / 1e3);
        System.out.printf(
                Locale.ROOT,
                "posts made: %d of %d scheduled (%.0f %%; %d still waiting at the end), %d other original posts"
                        + " (about events), %d of %d personas posted%n",
                result.posted(),
                result.scheduled(),
                percent(result.posted(), result.scheduled()),
                waiting,
                result.otherPosts(),
                result.personasPosted(),
                result.personas());
        System.out.printf(
                "post-due lag (due -> task started, real time): p50/p99/max %s%n",
                result.lagSeconds().format("s", "%.2f"));
        result.apiMillis()
                .forEach((endpoint, spread) -> System.out.printf(
                        "API %s: p50/p99/max %s over %d requests, %d errors%n",
                        endpoint,
                        spread.format("ms", "%.1f"),
                        spread.count(),
                        result.apiErrors().getOrDefault(endpoint, 0L)));
        System.out.printf("X requests per persona-day by endpoint: %s%n", formatX(result.xPerPersonaDay()));
        System.out.printf(
                Locale.ROOT,
                "heap per idle persona: %.1f KB; heap after the run %d MB (%.1f KB per persona)%n",
                result.heapPerIdlePersonaBytes() / 1024,
                afterRunHeap >> 20,
                result.heapPerPersonaAfterRunBytes() / 1024);
        System.out.printf(
                Locale.ROOT,
                "CPU: %.1f s of process CPU in the window, %.1f ms per post%n",
                cpuNanos / 1e9,
                result.cpuMillisPerPost());
    }

    private static double percent(int part, int whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    private static String formatX(Map<String, Double> perPersonaDay) {
        return perPersonaDay.isEmpty()
                ? "-"
                : perPersonaDay.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "));
    }

    static String row(Result result, Options options, String machine, LocalDate date) {
        return String.join(
                " | ",
                "| " + date,
                "`" + options.commandLine() + "`",
                machine,
                "%,d".formatted(result.personas()),
                String.format(Locale.ROOT, "%.1f s", result.startup().toMillis() / 1e3),
                String.format(
                        Locale.ROOT,
                        "%.0f %% (%,d of %,d)",
                        percent(result.posted(), result.scheduled()),
                        result.posted(),
                        result.scheduled()),
                "%,d".formatted(result.personasPosted()),
                result.lagSeconds().format("s", "%.2f"),
                apiCell(result, ApiLoad.STATUS),
                apiCell(result, ApiLoad.AGENTS),
                apiCell(result, ApiLoad.AGENT),
                formatX(result.xPerPersonaDay()),
                String.format(Locale.ROOT, "%.1f KB", result.heapPerIdlePersonaBytes() / 1024),
                String.format(Locale.ROOT, "%.1f ms", result.cpuMillisPerPost()) + " |");
    }

    private static String apiCell(Result result, String endpoint) {
        Spread spread = result.apiMillis().get(endpoint);
        return spread == null ? "-" : spread.format("ms", "%.0f");
    }

    /** Inserts {@code row} above {@link #ROWS_MARKER} in {@code doc}; a doc without the marker is left alone. */
    static void insertRow(Path doc, String row) {
        try {
            String text = Files.readString(doc);
            int at = text.indexOf(ROWS_MARKER);
            if (at < 0) {
                System.err.printf("engine bench: %s has no rows marker; the row is not written%n", doc);
                return;
            }
            Files.writeString(doc, text.substring(0, at) + row + "\n" + text.substring(at));
            System.err.printf("engine bench: row added to %s%n", doc);
        } catch (IOException e) {
            System.err.printf("engine bench: could not write the row to %s: %s%n", doc, e.getMessage());
        }
    }

    private static String machine() {
        long bytes = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return String.format(
                Locale.ROOT,
                "%d cores, %d GiB, load %.1f",
                Runtime.getRuntime().availableProcessors(),
                Math.round(bytes / (double) (1L << 30)),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    @SuppressWarnings("JavaSystemGc") // a heap figure after a full collection is the measurement itself
    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double percentile(List<Double> sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    public static String personaId(int index) {
        return "eng-%05d".formatted(index + 1);
    }

    /** A post-due execution: its execution time and when it started, both persona time. */
    record Start(Instant due, Instant started) {}

    /** Records when each {@code post-due} execution starts, on the engine's clock. */
    static final class PostStarts extends AbstractSchedulerListener {

        private final ConcurrentLinkedQueue<Start> starts = new ConcurrentLinkedQueue<>();
        private volatile Clock clock;

        PostStarts(Clock clock) {
            this.clock = clock;
        }

        void useClockOf(ConfigurableApplicationContext context) {
            context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof Clock engineClock) {
                        clock = engineClock;
                    }
                    return bean;
                }
            });
        }

        @Override
        public void onExecutionStart(CurrentlyExecuting executing) {
            Execution execution = executing.getExecution();
            if (PersonaTasks.POST_DUE.getTaskName().equals(execution.taskInstance.getTaskName())) {
                starts.add(new Start(execution.executionTime, clock.instant()));
            }
        }

        List<Start> list() {
            return List.copyOf(starts);
        }

        List<Start> since(Instant from) {
            return starts.stream().filter(s -> !s.started().isBefore(from)).toList();
        }
    }

    /** The operator API load: the three requests in turn, one round a second, on one thread. */
    static final class ApiLoad implements Runnable {

        static final String STATUS = "GET /api/status";
        static final String AGENTS = "GET /api/agents?limit=50";
        static final String AGENT = "GET /api/agents/{id}";

        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        private final Map<String, URI> targets;
        private final Map<String, ConcurrentLinkedQueue<Double>> millis = new LinkedHashMap<>();
        private final Map<String, Long> errors = new TreeMap<>();
        private final AtomicBoolean stopped = new AtomicBoolean();

        ApiLoad(URI base, String persona) {
            targets = new LinkedHashMap<>();
            targets.put(STATUS, base.resolve("/api/status"));
            targets.put(AGENTS, base.resolve("/api/agents?limit=50"));
            targets.put(AGENT, base.resolve("/api/agents/" + persona));
            targets.keySet().forEach(key -> millis.put(key, new ConcurrentLinkedQueue<>()));
        }

        @Override
        public void run() {
            while (!stopped.get()) {
                long round = System.nanoTime();
                targets.forEach(this::call);
                long rest = API_EVERY.toNanos() - (System.nanoTime() - round);
                if (rest > 0 && !stopped.get()) {
                    try {
                        Thread.sleep(rest / 1_000_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        private void call(String endpoint, URI uri) {
            if (stopped.get()) {
                return;
            }
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + TOKEN)
                    .timeout(Duration.ofSeconds(60))
                    .GET()
                    .build();
            long begin = System.nanoTime();
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                Objects.requireNonNull(millis.get(endpoint)).add((System.nanoTime() - begin) / 1e6);
                if (response.statusCode() != 200) {
                    countError(endpoint);
                }
            } catch (IOException e) {
                countError(endpoint);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped.set(true);
            }
        }

        private synchronized void countError(String endpoint) {
            errors.merge(endpoint, 1L, Long::sum);
        }

        void stop() {
            stopped.set(true);
        }

        Map<String, Spread> spreads() {
            Map<String, Spread> spreads = new LinkedHashMap<>();
            millis.forEach((endpoint, sample) -> spreads.put(endpoint, Spread.of(List.copyOf(sample))));
            return spreads;
        }

        synchronized Map<String, Long> errors() {
            return Map.copyOf(errors);
        }
    }

    /**
     * {@code count} personas, ids {@code eng-00001} …, in turn like Juniper (Puppet JSON), Marlow (YAML) and Tess (the
     * Eliza character's texts in Puppet JSON, since a character file has no posting frequency), each with a name and
     * interests of its own, relationships to its neighbours, and a post every 1–2 h of persona time.
     */
    static Path writeCast(Path dir, int count, long seed) throws IOException {
        return writeCast(dir, count, seed, 1, 2);
    }

    /** As {@link #writeCast(Path, int, long)}, posting every {@code minHours}–{@code maxHours} of persona time. */
    public static Path writeCast(Path dir, int count, long seed, double minHours, double maxHours) throws IOException {
        Files.createDirectories(dir);
        JsonMapper json = JsonMapper.builder().build();
        YAMLMapper yaml = YAMLMapper.builder().build();
        ObjectNode juniper =
                (ObjectNode) json.readTree(Path.of("config/agents/juniper.json").toFile());
        ObjectNode marlow =
                (ObjectNode) yaml.readTree(Path.of("config/agents/marlow.yaml").toFile());
        ObjectNode tess = tessAsPuppetJson(juniper, (ObjectNode)
                json.readTree(Path.of("config/agents/tess.character.json").toFile()));
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            String id = personaId(i);
            ObjectNode template = i % 3 == 0 ? juniper : i % 3 == 1 ? marlow : tess;
            ObjectNode persona = template.deepCopy();
            String surname = template.get("name").asString().split(" ")[0];
            persona.put("id", id);
            persona.put("name", FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " " + surname + " " + (i + 1));
            ArrayNode interests = ((ObjectNode) persona.get("personality")).putArray("interests");
            int interestCount = 3 + random.nextInt(4);
            for (int k = 0; k < interestCount; k++) {
                String interest = INTERESTS[random.nextInt(INTERESTS.length)];
                if (!interests.toString().contains('"' + interest + '"')) {
                    interests.add(interest);
                }
            }
            // the load of issue 13's table is posting; the sample Marlow's paper trading is another load
            ((ObjectNode) persona.get("behavior")).remove("trading_behavior");
            persona.remove("solana_integration");
            persona.remove("agent_kit_integration");
            ObjectNode frequency = (ObjectNode) persona.get("behavior").get("post_frequency");
            frequency.put("min_hours_between_posts", minHours);
            frequency.put("max_hours_between_posts", maxHours);
            ObjectNode memory = (ObjectNode) persona.get("initial_memory");
            ObjectNode relationships = memory.putObject("relationships");
            if (count > 1) {
                relationships.set(
                        personaId((i + 1) % count),
                        template.get("initial_memory")
                                .get("relationships")
                                .values()
                                .iterator()
                                .next());
            }
            if (template == marlow) {
                Files.writeString(dir.resolve(id + ".yaml"), yaml.writeValueAsString(persona));
            } else {
                Files.writeString(dir.resolve(id + ".json"), json.writeValueAsString(persona));
            }
        }
        return dir;
    }

    private static ObjectNode tessAsPuppetJson(ObjectNode juniper, ObjectNode character) {
        ObjectNode tess = juniper.deepCopy();
        tess.put("name", "Okafor");
        tess.put("description", character.get("bio").get(0).asString());
        tess.put("llm_provider", "anthropic");
        tess.putArray("rotating_system_prompts").add(character.get("system").asString());
        ObjectNode personality = (ObjectNode) tess.get("personality");
        ArrayNode traits = personality.putArray("traits");
        character.get("adjectives").values().forEach(traits::add);
        personality.put("speaking_style", "short, exact lab-notebook sentences with a deadpan joke");
        ObjectNode formatting = (ObjectNode) tess.get("style_guide").get("formatting");
        formatting.remove("capitalization");
        ArrayNode keyTerms = ((ObjectNode) tess.get("style_guide").get("vocabulary")).putArray("key_terms");
        character.get("topics").values().forEach(keyTerms::add);
        ObjectNode memory = (ObjectNode) tess.get("initial_memory");
        ArrayNode core = memory.putArray("core_memories");
        character.get("lore").values().forEach(core::add);
        ArrayNode events = memory.putArray("recent_events");
        for (JsonNode fact : character.get("knowledge")) {
            events.add(fact.asString());
        }
        ObjectNode frequency = (ObjectNode) tess.get("behavior").get("post_frequency");
        frequency.put("timezone", "Europe/London");
        ArrayNode peak = frequency.putArray("peak_posting_hours");
        List.of(9, 10, 18, 19).forEach(peak::add);
        ((ObjectNode) tess.get("post_processing")).put("force_lowercase", false);
        return tess;
    }

    static Options parse(String[] args) {
        Map<String, String> named = new LinkedHashMap<>(Map.of(
                "--personas", "1000",
                "--minutes", "3",
                "--speed", "60",
                "--baseline", "100",
                "--seed", "7",
                "--doc", "docs/PERFORMANCE.md"));
        List<String> spring = new ArrayList<>();
        StringBuilder command = new StringBuilder("./puppet bench engine");
        for (int i = 0; i < args.length; i++) {
            if (named.containsKey(args[i]) && i + 1 < args.length) {
                named.put(args[i], args[++i]);
                if (!args[i - 1].equals("--doc")) {
                    command.append(' ').append(args[i - 1]).append(' ').append(args[i]);
                }
            } else if (args[i].startsWith("--") && args[i].contains("=")) {
                spring.add(args[i]);
                command.append(' ').append(args[i]);
            } else {
                throw new IllegalArgumentException("usage: ./puppet bench engine [--personas 1000] [--minutes 3]"
                        + " [--speed 60] [--baseline 100] [--seed 7] [--doc docs/PERFORMANCE.md|none]"
                        + " [--spring.property=value ...]; unknown: " + args[i]);
            }
        }
        String doc = named.get("--doc");
        return new Options(
                Integer.parseInt(named.get("--personas")),
                Double.parseDouble(named.get("--minutes")),
                Double.parseDouble(named.get("--speed")),
                Integer.parseInt(named.get("--baseline")),
                Long.parseLong(named.get("--seed")),
                "none".equals(doc) ? null : Path.of(doc),
                spring,
                command.toString());
    }
}
