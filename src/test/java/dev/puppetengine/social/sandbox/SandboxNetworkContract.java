package dev.puppetengine.social.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.puppetengine.shared.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The sandbox network's rules and store, run on H2 and on PostgreSQL. Each test uses fresh handles. */
abstract class SandboxNetworkContract {

    protected abstract DataSource dataSource();

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final List<SandboxPostCreated> published = new ArrayList<>();
    private SandboxNetwork network;
    private String prefix;

    private SandboxNetwork open() {
        return new SandboxNetwork(
                new SandboxStore(JdbcClient.create(dataSource())),
                () -> List.of(prefix + "-persona"),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource())),
                event -> published.add((SandboxPostCreated) event),
                clock,
                java.util.Optional::empty);
    }

    @BeforeEach
    void start() {
        network = open();
        prefix = "u" + java.util.UUID.randomUUID().toString().substring(0, 6);
    }

    private String handle(String name) {
        return prefix + "_" + name;
    }

    @Nested
    class Accounts {

        @Test
        void a_persona_keeps_its_account_and_credentials() {
            SandboxUser first = network.personaUser(prefix + "-ada", "Ada");
            SandboxUser again = open().personaUser(prefix + "-ada", "Ada");

            assertThat(first.username()).isEqualTo(prefix + "_ada");
            assertThat(again.id()).isEqualTo(first.id());
            assertThat(again.keys()).isEqualTo(first.keys());
            assertThat(first.keys()).isNotNull();
        }

        @Test
        void the_cast_at_start_gets_the_missing_accounts_in_batches_and_keeps_the_existing_ones() {
            SandboxUser existing = network.personaUser(prefix + "-p7", "Seven");
            java.util.Map<String, String> cast = new java.util.LinkedHashMap<>();
            for (int i = 0; i < SandboxNetwork.ACCOUNTS_PER_TRANSACTION + 20; i++) {
                cast.put(prefix + "-p" + i, "P " + i);
            }

            assertThat(open().createMissingAccounts(cast)).isEqualTo(cast.size() - 1);
            assertThat(open().createMissingAccounts(cast))
                    .as("again: all there")
                    .isZero();

            assertThat(network.personaUser(prefix + "-p7", "Seven").keys()).isEqualTo(existing.keys());
            SandboxUser last = network.personaUser(prefix + "-p519", "ignored");
            assertThat(last.name()).isEqualTo("P 519");
            assertThat(last.username()).isEqualTo(prefix + "_p519");
            SandboxUser.Keys keys = java.util.Objects.requireNonNull(last.keys());
            assertThat(network.findUserByAccessToken(keys.accessToken())).contains(last);
        }

        @Test
        void a_batch_with_a_persona_handle_held_by_a_human_creates_the_others_and_names_the_one() {
            network.humanUser(handle("p3"));
            java.util.Map<String, String> cast = new java.util.LinkedHashMap<>();
            for (int i = 0; i < 5; i++) {
                cast.put(prefix + "-p" + i, "P " + i);
            }

            assertThatThrownBy(() -> network.createMissingAccounts(cast))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("@" + handle("p3"))
                    .hasMessageContaining("taken by a human user");
            assertThat(network.findUserByUsername(handle("p2"))).isPresent();
        }

        @Test
        void threads_asking_at_once_for_a_new_persona_get_one_account() throws Exception {
            List<java.util.concurrent.Future<SandboxUser>> asked = new ArrayList<>();
            try (var threads = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                var start = new java.util.concurrent.CountDownLatch(1);
                for (int i = 0; i < 8; i++) {
                    asked.add(threads.submit(() -> {
                        start.await();
                        return network.personaUser(prefix + "-bo", "Bo");
                    }));
                }
                start.countDown();
            }
            SandboxUser first = asked.get(0).get();
            for (var answer : asked) {
                assertThat(answer.get().id()).isEqualTo(first.id());
                assertThat(answer.get().keys()).isEqualTo(first.keys());
            }
        }

        @Test
        void humans_are_found_by_handle_case_insensitively() {
            SandboxUser marina = network.humanUser("@" + handle("Marina"));

            assertThat(network.humanUser(handle("marina")).id()).isEqualTo(marina.id());
            assertThat(marina.keys()).isNull();
        }

        @Test
        void a_human_may_not_post_under_a_configured_personas_handle_in_any_case() {
            for (String handle : List.of(prefix + "_persona", "@" + prefix.toUpperCase() + "_PERSONA")) {
                assertThatThrownBy(() -> network.postAsHuman(handle, "I am the persona now", null))
                        .isInstanceOfSatisfying(
                                SandboxRejection.class,
                                r -> assertThat(r.reason()).isEqualTo(SandboxRejection.Reason.PERSONA_HANDLE));
            }
            assertThat(published).isEmpty();
        }

        @Test
        void a_human_may_not_post_under_the_handle_of_an_existing_persona_account() {
            SandboxUser persona = network.personaUser(prefix + "-gone", "Gone");

            assertThatThrownBy(() -> network.postAsHuman(persona.username(), "posing", null))
                    .isInstanceOfSatisfying(
                            SandboxRejection.class,
                            r -> assertThat(r.reason()).isEqualTo(SandboxRejection.Reason.PERSONA_HANDLE));
            assertThat(network.timeline(null, 50)).noneMatch(p -> p.text().equals("posing"));
        }

        @Test
        void a_human_handle_is_an_x_handle_of_at_most_15_characters() {
            assertThat(network.humanUser("@" + "a".repeat(15)).username()).hasSize(15);
            for (String handle : List.of("a".repeat(16), "", "@", "has space", "dash-ed", "ünï")) {
                assertThatThrownBy(() -> network.humanUser(handle))
                        .as(handle)
                        .isInstanceOfSatisfying(
                                SandboxRejection.class,
                                r -> assertThat(r.reason()).isEqualTo(SandboxRejection.Reason.INVALID_USERNAME));
            }
        }
    }

    @Nested
    class Posting {

        @Test
        void ids_increase_also_after_a_restart_with_a_clock_behind() {
            SandboxUser ada = network.humanUser(handle("ada"));
            SandboxPost first = network.post(ada, "one", null, null);
            clock.set(Instant.parse("2026-01-01T00:00:00Z"));
            SandboxPost second = open().post(ada, "two", null, null);

            assertThat(Long.parseLong(second.id())).isGreaterThan(Long.parseLong(first.id()));
            assertThat(first.id()).matches("[0-9]{1,19}");
        }

        @Test
        void two_nodes_sharing_the_sandbox_through_the_database_never_mint_one_id() {
            SandboxNetwork nodeB = open();
            SandboxUser ada = network.humanUser(handle("ada"));
            SandboxUser bob = nodeB.humanUser(handle("bob"));
            SandboxPost first = nodeB.post(bob, "one", null, null);
            SandboxPost second = network.post(ada, "two", null, null);

            // node B continues from its own last id, which node A took in the same millisecond
            SandboxPost third = nodeB.post(bob, "three", null, null);

            assertThat(java.util.stream.Stream.of(first, second, third).map(SandboxPost::id))
                    .doesNotHaveDuplicates();
            assertThat(Long.parseLong(third.id())).isGreaterThan(Long.parseLong(second.id()));
            assertThat(nodeB.humanUser(handle("ada")).id()).isEqualTo(ada.id());
        }

        @Test
        void replies_join_the_conversation_and_mention_the_parent_author() {
            SandboxUser ada = network.humanUser(handle("ada"));
            SandboxUser bob = network.humanUser(handle("bob"));
            SandboxPost root = network.post(ada, "tide is out", null, null);
            SandboxPost reply = network.post(bob, "going now", Long.parseLong(root.id()), null);
            SandboxPost nested = network.post(ada, "bring a bucket", Long.parseLong(reply.id()), null);

            assertThat(List.of(reply.conversationId(), nested.conversationId())).containsOnly(root.id());
            assertThat(reply.inReplyToUserId()).isEqualTo(root.authorId());
            assertThat(network.mentions(ada, SandboxStore.Bounds.since(null, 10)))
                    .extracting(SandboxPost::id)
                    .containsExactly(reply.id());
            assertThat(network.mentions(bob, SandboxStore.Bounds.since(null, 10)))
                    .extracting(SandboxPost::id)
                    .containsExactly(nested.id());
            assertThat(network.search(
                            new SandboxSearch.Conversation(Long.parseLong(root.id())),
                            SandboxStore.Bounds.since(null, 10)))
                    .extracting(SandboxPost::id)
                    .containsExactly(nested.id(), reply.id(), root.id());
        }

        @Test
        void handles_in_the_text_are_mentions_but_not_of_oneself() {
            SandboxUser ada = network.humanUser(handle("ada"));
            SandboxUser bob = network.humanUser(handle("bob"));
            SandboxPost post = network.post(ada, "hi @" + handle("BOB") + " and @" + handle("ada"), null, null);

            assertThat(network.mentions(bob, SandboxStore.Bounds.since(null, 10)))
                    .extracting(SandboxPost::id)
                    .containsExactly(post.id());
            assertThat(network.mentions(ada, SandboxStore.Bounds.since(null, 10)))
                    .isEmpty();
        }

        @Test
        void the_same_text_twice_within_a_day_is_duplicate_content() {
            SandboxUser ada = network.humanUser(handle("ada"));
            network.post(ada, "same words", null, null);

            assertThatThrownBy(() -> network.post(ada, "same words", null, null))
                    .isInstanceOfSatisfying(
                            SandboxRejection.class,
                            r -> assertThat(r.reason()).isEqualTo(SandboxRejection.Reason.DUPLICATE_CONTENT));
            clock.advance(Duration.ofHours(25));
            assertThat(network.post(ada, "same words", null, null).text()).isEqualTo("same words");
        }

        @Test
        void text_over_280_weighted_characters_is_refused() {
            SandboxUser ada = network.humanUser(handle("ada"));

            assertThatThrownBy(() -> network.post(ada, "x".repeat(281), null, null))
                    .isInstanceOfSatisfying(
                            SandboxRejection.class,
                            r -> assertThat(r.reason()).isEqualTo(SandboxRejection.Reason.INVALID_TEXT));
            assertThatThrownBy(() -> network.post(ada, "海".repeat(141), null, null))
                    .isInstanceOf(SandboxRejection.class);
        }

        @Test
        void replying_to_a_missing_or_deleted_post_is_refused() {
            SandboxUser ada = network.humanUser(handle("ada"));
            SandboxPost post = network.post(ada, "soon gone", null, null);
            network.delete(ada, Long.parseLong(post.id()));

            assertThatThrownBy(() -> network.post(ada, "reply", Long.parseLong(post.id()), null))
                    .isInstanceOfSatisfying(
                            SandboxRejection.class,
                            r -> assertThat(r.reason()).isEqualTo(SandboxRejection.Reason.REPLY_TARGET_MISSING));
            assertThat(network.findPost(Long.parseLong(post.id()))).isEmpty();
        }

        @Test
        void only_the_author_deletes_a_post() {
            SandboxUser ada = network.humanUser(handle("ada"));
            SandboxUser bob = network.humanUser(handle("bob"));
            SandboxPost post = network.post(ada, "mine", null, null);

            assertThatThrownBy(() -> network.delete(bob, Long.parseLong(post.id())))
                    .isInstanceOfSatisfying(
                            SandboxRejection.class,
                            r -> assertThat(r.reason()).isEqualTo(SandboxRejection.Reason.NOT_OWNER));
        }

        @Test
        void every_new_post_is_published() {
            SandboxPost post = network.postAsHuman(handle("cy"), "hello sandbox", null);

            assertThat(published).extracting(e -> e.post().id()).containsExactly(post.id());
            assertThat(network.timeline(Long.parseLong(post.id()) - 1, 5))
                    .extracting(SandboxPost::author)
                    .containsExactly(handle("cy"));
        }
    }

    @Nested
    class Searching {

        private final SandboxStore store = new SandboxStore(JdbcClient.create(dataSource()));

        @Test
        void the_cast_searchs_shape_finds_what_the_post_by_post_search_finds() {
            SandboxUser ada = network.humanUser(handle("ada"));
            SandboxUser bob = network.humanUser(handle("bob"));
            SandboxUser cy = network.humanUser(handle("cy"));
            SandboxUser dee = network.humanUser(handle("dee"));
            List<SandboxPost> posts = new ArrayList<>();
            SandboxPost root = network.post(ada, "hi @" + handle("bob"), null, null);
            posts.add(root);
            posts.add(network.post(bob, "yes @" + handle("cy"), id(root), null));
            posts.add(network.post(ada, "and more", id(root), null)); // to ada, mentions nobody
            posts.add(network.post(cy, "@" + handle("ADA") + " @" + handle("bob") + " both", null, null));
            SandboxPost gone = network.post(bob, "@" + handle("cy") + " soon deleted", null, null);
            network.delete(bob, id(gone));
            SandboxPost lonely = network.post(dee, "nobody here", null, null);
            posts.add(lonely);
            posts.add(network.post(cy, "@" + handle("bob") + " look", id(lonely), null));
            for (int i = 0; i < 12; i++) {
                clock.advance(Duration.ofMinutes(10));
                SandboxUser author = List.of(ada, bob, cy, dee).get(i % 4);
                posts.add(network.post(author, "note " + i + " @" + handle(i % 3 == 0 ? "ada" : "bob"), null, null));
            }
            List<String> queries = List.of(
                    "@" + handle("ada"),
                    "@" + handle("ada") + " OR @" + handle("Bob"),
                    "@" + handle("ada") + " OR @" + handle("bob") + " OR @" + handle("cy") + " OR @" + handle("dee"),
                    "@" + handle("cy") + " OR @" + handle("cy"),
                    "@" + handle("nobody"),
                    "to:" + handle("ada"),
                    "to:" + handle("ada") + " OR to:" + handle("dee"),
                    "@" + handle("cy") + " OR to:" + handle("ada") + " OR @" + handle("dee"),
                    "@" + handle("ada") + " -is:reply");
            Instant first = posts.getFirst().createdAt();
            List<SandboxStore.Bounds> bounds = List.of(
                    SandboxStore.Bounds.since(null, 100),
                    SandboxStore.Bounds.since(null, 3),
                    SandboxStore.Bounds.since(id(posts.get(3)), 100),
                    SandboxStore.Bounds.since(id(posts.get(3)), 2),
                    new SandboxStore.Bounds(null, id(posts.get(10)), null, null, 100),
                    new SandboxStore.Bounds(id(posts.get(1)), id(posts.get(12)), null, null, 4),
                    new SandboxStore.Bounds(
                            null, null, first.plus(Duration.ofMinutes(30)), first.plus(Duration.ofMinutes(90)), 100),
                    new SandboxStore.Bounds(id(root), null, first, first.plus(Duration.ofMinutes(60)), 5));

            for (String query : queries) {
                SandboxSearch.Term term = SandboxSearch.parse(query);
                for (SandboxStore.Bounds bound : bounds) {
                    assertThat(store.search(term, bound))
                            .as(query + " " + bound)
                            .containsExactlyElementsOf(store.searchPostByPost(term, bound));
                }
            }
            assertThat(store.search(SandboxSearch.parse(queries.get(3)), SandboxStore.Bounds.since(null, 100)))
                    .extracting(SandboxPost::id)
                    .containsExactly(posts.get(1).id());
            assertThat(store.search(SandboxSearch.parse(queries.get(7)), SandboxStore.Bounds.since(null, 100)))
                    .extracting(SandboxPost::id)
                    .containsExactly(
                            posts.get(5).id(), posts.get(2).id(), posts.get(1).id());
        }

        private static long id(SandboxPost post) {
            return Long.parseLong(post.id());
        }
    }
}
