package dev.puppetengine.agent;

import dev.puppetengine.agent.jdbc.JdbcConversationTurns;
import dev.puppetengine.agent.jdbc.JdbcDecisionLog;
import dev.puppetengine.agent.jdbc.JdbcPersonaLeases;
import dev.puppetengine.agent.jdbc.JdbcPersonaStateStore;
import dev.puppetengine.llm.CallSampling;
import dev.puppetengine.llm.LanguageModels;
import dev.puppetengine.llm.OutputPolicy;
import dev.puppetengine.llm.PostDrafter;
import dev.puppetengine.llm.PromptComposer;
import dev.puppetengine.llm.StructuredDecisions;
import dev.puppetengine.llm.offline.OfflineComposer;
import dev.puppetengine.memory.EmbeddingPipeline;
import dev.puppetengine.memory.HashingEmbedder;
import dev.puppetengine.memory.MemoryBank;
import dev.puppetengine.memory.MemoryProperties;
import dev.puppetengine.memory.MemoryStore;
import dev.puppetengine.memory.Recall;
import dev.puppetengine.memory.Reflection;
import dev.puppetengine.memory.jdbc.JdbcMemoryStore;
import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.format.ConfigDirPersonaCatalog;
import dev.puppetengine.persona.format.PersonaDocuments;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.social.Account;
import dev.puppetengine.social.ApprovalGate;
import dev.puppetengine.social.FakeNetwork;
import dev.puppetengine.social.Outbox;
import dev.puppetengine.social.OutboxDispatcher;
import dev.puppetengine.social.OutboxItem;
import dev.puppetengine.social.PlatformPolicy;
import dev.puppetengine.social.PolicedOutbox;
import dev.puppetengine.social.Post;
import dev.puppetengine.social.SocialNetwork;
import dev.puppetengine.social.jdbc.JdbcOptOuts;
import dev.puppetengine.social.jdbc.JdbcOutbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The engine on real components (the sample cast from {@code config/agents}, the offline composer and output policy,
 * JDBC stores on the given database) with a {@link FakeNetwork} and a settable clock. {@link #start()} builds a new
 * engine on the same database and network, as a process restart would.
 */
public final class EngineFixture {

    public static final Path SAMPLE_CAST = Path.of("config/agents");
    /** How long a send may be in flight: the default {@code puppet.x.timeout} (10 s) plus the 30 s margin. */
    public static final Duration IN_FLIGHT = Duration.ofSeconds(40);
    /** The engine node the fixture's steps run on (recorded as the node each persona last ran on). */
    public static final String NODE = "node-1";

    public final SettableClock clock;
    public final DataSource database;
    public final FakeNetwork network;
    public final PersonaCatalog catalog;
    private final Map<PersonaId, Account> accounts;

    public EngineFixture(SettableClock clock, DataSource database) {
        this(clock, database, SAMPLE_CAST);
    }

    /** With the personas of {@code configDir} instead of the sample cast. */
    public EngineFixture(SettableClock clock, DataSource database, Path configDir) {
        this.catalog = new ConfigDirPersonaCatalog(configDir, PersonaDocuments.withSystemEnvironment());
        this.clock = clock;
        this.database = database;
        this.network = new FakeNetwork(clock);
        this.accounts = new ConcurrentHashMap<>();
        catalog.listPersonas().forEach(p -> account(p.id()));
    }

    /** The engine and its steps, built anew on the fixture's database, network and clock. */
    public record Wiring(
            Engine engine,
            Posting posting,
            MentionAnswering answering,
            Delivery delivery,
            Reacting reacting,
            PostPrompts prompts,
            InitialMemorySeeder seeder,
            Approvals approvals,
            ManualReplies replies) {}

    /** Replies per persona per conversation between personas; the default is 4. */
    private int turnCap = ConversationProperties.DEFAULTS.turnCap();

    public EngineFixture withTurnCap(int cap) {
        this.turnCap = cap;
        return this;
    }

    /** New memories that make a persona reflect; the default is 20. */
    private int reflectionThreshold = MemoryProperties.DEFAULTS.reflectionThreshold();

    public EngineFixture withReflectionThreshold(int threshold) {
        this.reflectionThreshold = threshold;
        return this;
    }

    private MemoryProperties memoryProperties() {
        MemoryProperties d = MemoryProperties.DEFAULTS;
        return new MemoryProperties(
                d.recallK(),
                d.recencyWeight(),
                d.importanceWeight(),
                d.relevanceWeight(),
                d.tau(),
                reflectionThreshold,
                d.reflectionInterval(),
                d.retentionCap(),
                d.retentionInterval(),
                d.indexMaxSize(),
                d.embedder(),
                d.embeddingBatchSize());
    }

    private ApprovalProperties approvalProperties = ApprovalProperties.DEFAULTS;

    private MentionWakeups wakeups = MentionWakeups.NONE;

    /** What a reply left waiting wakes; the default wakes nothing. */
    public EngineFixture withMentionWakeups(MentionWakeups wakeups) {
        this.wakeups = wakeups;
        return this;
    }

    private PlatformPolicy.Settings platformPolicy = PlatformPolicy.Settings.off();

    /** The platform policy the outbox enforces; the default checks nothing. */
    public EngineFixture withPlatformPolicy(PlatformPolicy.Settings settings) {
        this.platformPolicy = settings;
        return this;
    }

    /** How long a post waits for approval before it expires; the default is 24 hours. */
    public EngineFixture withApprovalExpiry(Duration expireAfter) {
        this.approvalProperties = new ApprovalProperties(expireAfter);
        return this;
    }

    public Engine start() {
        return wire().engine();
    }

    public Wiring wire() {
        return wire(LanguageModels.offlineOnly(new OfflineComposer()));
    }

    /** Wired with the given models instead of the offline composer. */
    public Wiring wire(LanguageModels models) {
        return wire(models, persona -> network.as(account(persona.id())));
    }

    /** Wired with the given models, and each persona on the network {@code networks} gives instead of the fake. */
    public Wiring wire(LanguageModels models, Function<PersonaSpec, SocialNetwork> networks) {
        JdbcClient jdbc = JdbcClient.create(database);
        JdbcOutbox store = new JdbcOutbox(jdbc, clock);
        AtomicReference<Approvals> approvals = new AtomicReference<>();
        ApprovalGate gate = new ApprovalGate() {
            @Override
            public boolean gates(OutboxItem.Draft draft) {
                return approvals.get() != null && approvals.get().gates(draft);
            }

            @Override
            public void awaiting(OutboxItem item) {
                approvals.get().awaiting(item);
            }
        };
        Outbox outbox = new PolicedOutbox(
                store,
                new PlatformPolicy(platformPolicy, store, new JdbcOptOuts(jdbc), id -> Optional.of(account(id)), clock),
                stopped -> {},
                gate);
        MemoryStore memories = memories();
        HashingEmbedder embedder = new HashingEmbedder(384);
        Recall recall = new Recall(memories, embedder, MemoryProperties.DEFAULTS, clock);
        MemoryBank bank =
                new MemoryBank(memories, recall, new EmbeddingPipeline(memories, embedder, recall, 32), clock);
        PersonaStateStore states = states();
        JdbcDecisionLog decisions = new JdbcDecisionLog(jdbc);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(database));
        PostPrompts prompts = new PostPrompts(new PromptComposer(), recall, states, outbox);
        PostWriter writer = new DraftingPostWriter(
                new PostDrafter(models, new OutputPolicy(null)), CallSampling.defaultsOnly(), prompts);
        RecentPosts recentPosts = new RecentPosts(outbox);
        PersonaHealth health = new PersonaHealth(states, clock);
        SplittableRandom random = new SplittableRandom(11);
        Posting posting = new Posting(
                states,
                writer,
                recentPosts,
                outbox,
                decisions,
                new PostingSchedule(random),
                transactions,
                health,
                clock);
        StructuredDecisions structured = new StructuredDecisions(models);
        Cast cast = new Cast(catalog, networks);
        Conversations conversations = new Conversations(
                cast,
                new Threads(cast),
                new JdbcConversationTurns(jdbc, clock),
                new Relationships(
                        states, prompts, structured, CallSampling.defaultsOnly(), bank, decisions, transactions, clock),
                turnCap);
        MentionAnswering answering = new MentionAnswering(
                states, writer, recentPosts, outbox, decisions, transactions, health, conversations, clock);
        Delivery delivery = new Delivery(
                outbox,
                new OutboxDispatcher(outbox, clock, IN_FLIGHT, transactions),
                states,
                bank,
                decisions,
                transactions,
                health,
                wakeups,
                clock);
        Reflecting reflecting = new Reflecting(
                new Reflection(memories, bank, memoryProperties(), structured, CallSampling.defaultsOnly(), catalog),
                decisions,
                clock);
        Engine engine = new Engine(
                catalog,
                states,
                networks,
                persona -> Optional.empty(),
                posting,
                answering,
                delivery,
                health,
                reflecting,
                random,
                clock,
                new JdbcPersonaLeases(JdbcClient.create(database), NODE, false, Duration.ofSeconds(30)));
        Reacting reacting = new Reacting(
                engine,
                catalog,
                states,
                prompts,
                structured,
                CallSampling.defaultsOnly(),
                writer,
                recentPosts,
                outbox,
                delivery,
                decisions,
                conversations,
                true,
                random,
                transactions,
                clock);
        approvals.set(new Approvals(
                catalog,
                states,
                outbox,
                new OutputPolicy(null),
                decisions,
                transactions,
                approvalProperties,
                engine,
                clock));
        return new Wiring(
                engine,
                posting,
                answering,
                delivery,
                reacting,
                prompts,
                new InitialMemorySeeder(states, bank, clock),
                approvals.get(),
                new ManualReplies(
                        engine,
                        states,
                        writer,
                        outbox,
                        new OutputPolicy(null),
                        delivery,
                        conversations,
                        decisions,
                        transactions,
                        clock));
    }

    /** Gives every persona of the cast its state row, as {@code PersonaStartup} does. */
    public void ensureStates() {
        start().ensureStates();
    }

    /** The persona's account on the fake network; a persona created after the fixture gets one when first asked. */
    public Account account(PersonaId persona) {
        return accounts.computeIfAbsent(persona, id -> {
            PersonaSpec spec = catalog.findPersona(id).orElseThrow(() -> new IllegalArgumentException(id.value()));
            return new Account("1" + Math.abs(id.hashCode()), id.value(), spec.name());
        });
    }

    public List<PersonaId> cast() {
        return catalog.listPersonas().stream().map(p -> p.id()).toList();
    }

    public List<Post> postsOf(PersonaId persona) {
        return network.postsBy(account(persona).id());
    }

    public MemoryStore memories() {
        return new JdbcMemoryStore(new JdbcTemplate(database));
    }

    public PersonaStateStore states() {
        return new JdbcPersonaStateStore(JdbcClient.create(database), clock);
    }

    public List<Decision> decisions(PersonaId persona) {
        return new JdbcDecisionLog(JdbcClient.create(database)).listRecent(persona, 50);
    }
}
