package dev.puppetengine.agent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.puppetengine.agent.InitialMemorySeeder;
import dev.puppetengine.agent.Mood;
import dev.puppetengine.agent.PersonaState;
import dev.puppetengine.agent.Relationship;
import dev.puppetengine.llm.PersonaStatusBoard;
import dev.puppetengine.llm.TestPersonas;
import dev.puppetengine.memory.EmbeddingPipeline;
import dev.puppetengine.memory.HashingEmbedder;
import dev.puppetengine.memory.Memory;
import dev.puppetengine.memory.MemoryBank;
import dev.puppetengine.memory.MemoryKind;
import dev.puppetengine.memory.MemoryProperties;
import dev.puppetengine.memory.Recall;
import dev.puppetengine.memory.jdbc.JdbcMemoryStore;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.PersonaSpec.InitialMemory;
import dev.puppetengine.persona.PersonaSpec.SeedEvent;
import dev.puppetengine.persona.PersonaSpec.SeedRelationship;
import dev.puppetengine.shared.SettableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Runs every migration in {@code db/migration} and the JDBC stores against one database engine; one subclass per
 * engine (H2, PostgreSQL). Each test gets a fresh, migrated database.
 */
abstract class JdbcStorageContract {

    static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");
    static final PersonaId ADA = PersonaId.of("ada");
    static final PersonaId BOB = PersonaId.of("bob");

    final SettableClock clock = new SettableClock(T0);
    DataSource dataSource;
    Flyway flyway;
    JdbcClient jdbc;
    JdbcPersonaStateStore states;
    JdbcMemoryStore memories;
    InitialMemorySeeder seeder;

    /** A new, empty database of the engine under test. */
    abstract DataSource freshDatabase() throws Exception;

    @BeforeEach
    void migrate_a_fresh_database() throws Exception {
        dataSource = freshDatabase();
        flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load();
        flyway.migrate();
        jdbc = JdbcClient.create(dataSource);
        states = new JdbcPersonaStateStore(jdbc, clock);
        memories = new JdbcMemoryStore(new JdbcTemplate(dataSource));
        HashingEmbedder embedder = new HashingEmbedder(384);
        Recall recall = new Recall(memories, embedder, MemoryProperties.DEFAULTS, clock);
        seeder = new InitialMemorySeeder(
                states,
                new MemoryBank(memories, recall, new EmbeddingPipeline(memories, embedder, recall, 32), clock),
                clock);
    }

    @Nested
    class Migrations {

        @Test
        void applies_every_migration_file_on_the_classpath() throws IOException {
            Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/*.sql");
            List<String> fileNames = Arrays.stream(files)
                    .map(Resource::getFilename)
                    .filter(Objects::nonNull)
                    .sorted()
                    .toList();
            List<String> applied = Arrays.stream(flyway.info().applied())
                    .map(MigrationInfo::getScript)
                    .sorted()
                    .toList();

            assertThat(fileNames).isNotEmpty().contains("V1__state_model.sql");
            assertThat(applied).isEqualTo(fileNames);
            assertThat(flyway.info().pending()).isEmpty();
        }

        @Test
        void validates_and_is_a_no_op_when_run_again() {
            flyway.validate();

            assertThat(flyway.migrate().migrationsExecuted).isZero();
        }

        @Test
        void creates_the_whole_state_model() {
            for (String table : List.of(
                    "persona_state",
                    "relationship",
                    "memory",
                    "event",
                    "handled_input",
                    "mention_cursor",
                    "outbox",
                    "llm_usage",
                    "x_usage",
                    "decision",
                    "scheduled_tasks")) {
                assertThat(jdbc.sql("SELECT COUNT(*) FROM " + table)
                                .query(Long.class)
                                .single())
                        .as(table)
                        .isZero();
            }
        }
    }

    @Nested
    class PersonaStates {

        @Test
        void creates_a_state_at_the_start_mood() {
            PersonaState state = states.createIfAbsent(ADA, true);

            assertThat(state.personaId()).isEqualTo(ADA);
            assertThat(state.active()).isTrue();
            assertThat(state.mood()).isEqualTo(Mood.START);
            assertThat(state.status()).isEqualTo(PersonaState.STATUS_OK);
            assertThat(state.createdAt()).isEqualTo(T0);
            assertThat(state.isSeeded()).isFalse();
            assertThat(state.lastPostAt()).isNull();
            assertThat(state.nextPostAt()).isNull();
        }

        @Test
        void never_overwrites_an_existing_state_on_create() {
            states.createIfAbsent(ADA, true);
            states.updateMood(ADA, new Mood(0.4, 0.7, 0.2), T0);
            states.updateActive(ADA, false);

            PersonaState again = states.createIfAbsent(ADA, true);

            assertThat(again.mood()).isEqualTo(new Mood(0.4, 0.7, 0.2));
            assertThat(again.active()).isFalse();
        }

        @Test
        void pauses_and_resumes_reporting_only_real_changes() {
            states.createIfAbsent(ADA, true);

            assertThat(states.updateActive(ADA, false)).isTrue();
            assertThat(states.updateActive(ADA, false)).isFalse();
            assertThat(states.require(ADA).active()).isFalse();
            assertThat(states.updateActive(ADA, true)).isTrue();
            assertThat(states.require(ADA).active()).isTrue();
        }

        @Test
        void keeps_mood_with_its_time() {
            states.createIfAbsent(ADA, true);
            Instant at = T0.plus(Duration.ofMinutes(5));

            states.updateMood(ADA, new Mood(-0.25, 0.5, 0.75), at);

            PersonaState state = states.require(ADA);
            assertThat(state.mood()).isEqualTo(new Mood(-0.25, 0.5, 0.75));
            assertThat(state.moodUpdatedAt()).isEqualTo(at);
        }

        @Test
        void counts_only_original_posts_as_original() {
            states.createIfAbsent(ADA, true);
            Instant original = T0.plusSeconds(60);
            Instant reply = T0.plusSeconds(120);

            states.recordPost(ADA, original, true);
            states.recordPost(ADA, reply, false);

            PersonaState state = states.require(ADA);
            assertThat(state.lastPostAt()).isEqualTo(reply);
            assertThat(state.lastOriginalPostAt()).isEqualTo(original);
        }

        @Test
        void sets_and_clears_the_next_post_time() {
            states.createIfAbsent(ADA, true);
            Instant next = T0.plus(Duration.ofHours(3));

            states.updateNextPostAt(ADA, next);
            assertThat(states.require(ADA).nextPostAt()).isEqualTo(next);

            states.updateNextPostAt(ADA, null);
            assertThat(states.require(ADA).nextPostAt()).isNull();
        }

        @Test
        void keeps_a_status_with_its_detail() {
            states.createIfAbsent(ADA, true);

            states.updateStatus(ADA, "budget_exhausted", "daily token budget of 20000 used");

            PersonaState state = states.require(ADA);
            assertThat(state.status()).isEqualTo("budget_exhausted");
            assertThat(state.statusDetail()).isEqualTo("daily token budget of 20000 used");
        }

        @Test
        void marks_seeding_once_and_keeps_the_first_time() {
            states.createIfAbsent(ADA, true);

            assertThat(states.markSeeded(ADA, T0)).isTrue();
            assertThat(states.markSeeded(ADA, T0.plusSeconds(5))).isFalse();
            assertThat(states.require(ADA).seededAt()).isEqualTo(T0);
        }

        @Test
        void lists_states_by_persona_id() {
            states.createIfAbsent(BOB, false);
            states.createIfAbsent(ADA, true);

            assertThat(states.listAll()).extracting(PersonaState::personaId).containsExactly(ADA, BOB);
            assertThat(states.find(PersonaId.of("nobody"))).isEmpty();
        }

        @Test
        void lists_the_states_and_approvals_of_some_personas_in_one_read() {
            states.createIfAbsent(BOB, false);
            states.createIfAbsent(ADA, true);
            states.updateApproval(BOB, PersonaSpec.Approval.REPLIES);

            assertThat(states.listOf(List.of(BOB, PersonaId.of("nobody"), ADA, BOB)))
                    .extracting(PersonaState::personaId)
                    .containsExactly(ADA, BOB);
            assertThat(states.listOf(List.of())).isEmpty();
            assertThat(states.listApprovals(List.of(ADA, BOB))).isEqualTo(Map.of(BOB, PersonaSpec.Approval.REPLIES));
            List<PersonaId> many = new ArrayList<>();
            for (int i = 0; i < 2_500; i++) {
                many.add(PersonaId.of("p-" + i));
            }
            many.add(BOB);
            assertThat(states.listOf(many))
                    .as("more ids than one IN list takes")
                    .extracting(PersonaState::personaId)
                    .containsExactly(BOB);
            assertThat(states.listApprovals(many)).containsOnlyKeys(BOB);
        }

        @Test
        void refuses_to_update_a_persona_without_state() {
            assertThatThrownBy(() -> states.updateMood(ADA, Mood.START, T0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ada");
            assertThatThrownBy(() -> states.updateActive(ADA, false)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> states.markSeeded(ADA, T0)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class LlmStatusBoard {

        private JdbcPersonaStatusBoard board() {
            return new JdbcPersonaStatusBoard(jdbc, clock);
        }

        @Test
        void an_llm_status_is_stored_and_a_success_clears_it() {
            states.createIfAbsent(ADA, true);

            board().report(ADA, PersonaStatusBoard.AUTH_ERROR, "provider openai refused its key");
            assertThat(states.require(ADA))
                    .extracting(PersonaState::status, PersonaState::statusDetail)
                    .containsExactly("auth_error", "provider openai refused its key");

            board().report(ADA, PersonaStatusBoard.OK, null);
            assertThat(states.require(ADA))
                    .extracting(PersonaState::status, PersonaState::statusDetail)
                    .containsExactly("ok", null);
        }

        @Test
        void a_success_leaves_a_status_the_agent_set() {
            states.createIfAbsent(ADA, true);
            states.updateStatus(ADA, "x_unavailable", "X is unavailable: HTTP 503");

            board().report(ADA, PersonaStatusBoard.OK, null);

            assertThat(states.require(ADA).status()).isEqualTo("x_unavailable");
        }

        @Test
        void a_persona_without_state_gets_a_row_with_the_status() {
            board().report(BOB, PersonaStatusBoard.BUDGET_EXHAUSTED, "daily token budget of 20000 used");

            assertThat(states.require(BOB).status()).isEqualTo("budget_exhausted");
        }
    }

    @Nested
    class Relationships {

        Relationship withBob(double sentiment, List<String> notes) {
            return new Relationship(
                    ADA, "bob", sentiment, 0.3, 0.6, T0, List.of("replied to a post about tides"), notes, T0);
        }

        @Test
        void stores_and_reads_a_relationship_with_its_lists() {
            Relationship relationship = withBob(0.5, List.of("old friend", "likes puns"));

            assertThat(states.addRelationshipIfAbsent(relationship)).isTrue();

            assertThat(states.findRelationship(ADA, "bob")).contains(relationship);
        }

        @Test
        void never_overwrites_on_add_if_absent() {
            states.addRelationshipIfAbsent(withBob(0.5, List.of("first")));

            assertThat(states.addRelationshipIfAbsent(withBob(-0.9, List.of("second"))))
                    .isFalse();

            Relationship stored = states.findRelationship(ADA, "bob").orElseThrow();
            assertThat(stored.sentiment()).isEqualTo(0.5);
            assertThat(stored.notes()).containsExactly("first");
        }

        @Test
        void save_inserts_then_replaces() {
            states.saveRelationship(withBob(0.1, List.of()));
            states.saveRelationship(withBob(-0.2, List.of("argued about boats")));

            assertThat(states.listRelationships(ADA)).singleElement().satisfies(r -> {
                assertThat(r.sentiment()).isEqualTo(-0.2);
                assertThat(r.notes()).containsExactly("argued about boats");
            });
        }

        @Test
        void lists_only_the_personas_own_relationships_by_counterpart() {
            states.saveRelationship(new Relationship(ADA, "x:42", 0, 0, 0.5, null, List.of(), List.of(), T0));
            states.saveRelationship(withBob(0.2, List.of()));
            states.saveRelationship(new Relationship(BOB, "ada", 0, 0, 0.5, null, List.of(), List.of(), T0));

            assertThat(states.listRelationships(ADA))
                    .extracting(Relationship::counterpartId)
                    .containsExactly("bob", "x:42");
        }
    }

    @Nested
    class MentionCursors {

        @Test
        void has_no_cursor_before_the_first_mention() {
            assertThat(states.findMentionCursor(ADA)).isEmpty();
        }

        @Test
        void advances_and_never_moves_back() {
            assertThat(states.advanceMentionCursor(ADA, "99")).isEqualTo("99");
            assertThat(states.advanceMentionCursor(ADA, "1000")).isEqualTo("1000");
            assertThat(states.advanceMentionCursor(ADA, "999")).isEqualTo("1000");

            assertThat(states.findMentionCursor(ADA)).contains("1000");
            assertThat(states.findMentionCursor(BOB)).isEmpty();
        }
    }

    @Nested
    class HandledInputs {

        @Test
        void records_an_input_once() {
            assertThat(states.isHandled(ADA, "1850000000000000001")).isFalse();

            assertThat(states.markHandled(ADA, "1850000000000000001", "mention"))
                    .isTrue();
            assertThat(states.markHandled(ADA, "1850000000000000001", "mention"))
                    .isFalse();

            assertThat(states.isHandled(ADA, "1850000000000000001")).isTrue();
            assertThat(states.isHandled(BOB, "1850000000000000001")).isFalse();
        }
    }

    @Nested
    class Seeding {

        static final Instant EVENT_TIME = Instant.parse("2026-02-27T08:00:00Z");

        final InitialMemory initial = new InitialMemory(
                List.of("I grew up by the sea.", "I keep a logbook.", "I grew up by the sea."),
                List.of(
                        new SeedEvent("Found a rare nudibranch at low tide.", EVENT_TIME, 0.8),
                        new SeedEvent("Lost my favourite hand lens.", null, 0.3)),
                Map.of(
                        "bob", new SeedRelationship(0.6, 0.4, 0.7, List.of("old diving buddy")),
                        "x:12345", new SeedRelationship(-0.2, 0.1, 0.3, List.of())));

        PersonaSpec ada(InitialMemory memory, boolean active) {
            PersonaSpec p = TestPersonas.persona("ada").build();
            return new PersonaSpec(
                    p.id(),
                    p.name(),
                    p.description(),
                    p.llmProvider(),
                    p.llmConfig(),
                    p.twitterCredentials(),
                    p.customSystemPrompt(),
                    p.rotatingSystemPrompts(),
                    p.personality(),
                    p.styleGuide(),
                    memory,
                    p.behaviour(),
                    p.postProcessing(),
                    p.examples(),
                    active);
        }

        @Test
        void seeds_core_memories_events_and_relationships_on_first_start() {
            assertThat(seeder.seed(ada(initial, false))).isTrue();

            assertThat(memories.listByKind(ADA, MemoryKind.CORE))
                    .extracting(Memory::content, Memory::importance, Memory::createdAt)
                    .containsExactlyInAnyOrder(
                            tuple("I grew up by the sea.", 1.0, T0),
                            tuple("I keep a logbook.", 1.0, T0),
                            tuple("I grew up by the sea.", 1.0, T0));
            assertThat(memories.listByKind(ADA, MemoryKind.EVENT))
                    .extracting(Memory::content, Memory::importance, Memory::createdAt)
                    .containsExactlyInAnyOrder(
                            tuple("Found a rare nudibranch at low tide.", 0.8, EVENT_TIME),
                            tuple("Lost my favourite hand lens.", 0.3, T0));
            assertThat(states.listRelationships(ADA))
                    .extracting(Relationship::counterpartId, Relationship::sentiment, Relationship::notes)
                    .containsExactly(tuple("bob", 0.6, List.of("old diving buddy")), tuple("x:12345", -0.2, List.of()));
            PersonaState state = states.require(ADA);
            assertThat(state.seededAt()).isEqualTo(T0);
            assertThat(state.active()).isFalse();
            assertThat(state.mood()).isEqualTo(Mood.START);
        }

        @Test
        void never_seeds_twice_even_when_the_file_changes() {
            seeder.seed(ada(initial, true));
            long count = memories.count(ADA);
            clock.advance(Duration.ofHours(1));
            InitialMemory edited = new InitialMemory(
                    List.of("A brand new core memory."),
                    List.of(),
                    Map.of("carol", new SeedRelationship(0, 0, 0.5, List.of())));

            assertThat(seeder.seed(ada(edited, true))).isFalse();

            assertThat(memories.count(ADA)).isEqualTo(count);
            assertThat(states.findRelationship(ADA, "carol")).isEmpty();
            assertThat(states.require(ADA).seededAt()).isEqualTo(T0);
        }

        @Test
        void repairs_an_interrupted_seeding_without_duplicating_or_overwriting() {
            seeder.seed(ada(initial, true));
            long count = memories.count(ADA);
            Relationship lived = states.findRelationship(ADA, "bob").orElseThrow();
            states.saveRelationship(
                    new Relationship(ADA, "bob", -0.5, 0.9, 0.1, T0, List.of("argued"), lived.notes(), T0));
            // as if the process died after storing the items and before marking the state seeded
            jdbc.sql("UPDATE persona_state SET seeded_at = NULL").update();

            assertThat(seeder.seed(ada(initial, true))).isTrue();

            assertThat(memories.count(ADA)).isEqualTo(count).isEqualTo(5);
            assertThat(states.findRelationship(ADA, "bob").orElseThrow().sentiment())
                    .isEqualTo(-0.5);
        }

        @Test
        void seeds_each_persona_separately() {
            seeder.seed(ada(initial, true));
            PersonaSpec bob = TestPersonas.persona("bob").build();

            seeder.seed(bob);

            assertThat(memories.count(ADA)).isEqualTo(5);
            assertThat(memories.count(BOB))
                    .isEqualTo(bob.initialMemory().coreMemories().size()
                            + bob.initialMemory().recentEvents().size());
            assertThat(states.require(BOB).isSeeded()).isTrue();
        }
    }
}
