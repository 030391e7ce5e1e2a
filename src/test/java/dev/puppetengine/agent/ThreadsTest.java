package dev.puppetengine.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.llm.ChatMessage;
import dev.puppetengine.llm.PromptComposer;
import dev.puppetengine.llm.PromptInputs;
import dev.puppetengine.memory.HashingEmbedder;
import dev.puppetengine.memory.MemoryProperties;
import dev.puppetengine.memory.Recall;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.Account;
import dev.puppetengine.social.Post;
import dev.puppetengine.social.SocialNetwork;
import dev.puppetengine.social.jdbc.JdbcOutbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Replies see the thread (DESIGN §4.5): up to five ancestors, fetched once per conversation, names only. */
class ThreadsTest {

    private static final PersonaId JUNIPER = PersonaId.of("juniper");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private final EngineFixture fixture = new EngineFixture(clock, TestDatabase.inMemory());
    private final PersonaSpec juniper = fixture.catalog.findPersona(JUNIPER).orElseThrow();
    private final Account human = new Account("4242424242", "moth_fan_99", "Moth Fan");
    private final Account marlow = fixture.account(PersonaId.of("marlow"));
    private final Account own = fixture.account(JUNIPER);
    private final AtomicInteger conversationReads = new AtomicInteger();
    private final Threads threads =
            new Threads(new Cast(fixture.catalog, p -> fixture.network.as(fixture.account(p.id()))));

    /** Juniper's view of the network, counting conversation reads. */
    private final SocialNetwork network = new SocialNetwork() {
        private final SocialNetwork view = fixture.network.as(own);

        @Override
        public Account me() {
            return view.me();
        }

        @Override
        public Post post(String text, @Nullable String replyToId, @Nullable String quoteOfId) {
            return view.post(text, replyToId, quoteOfId);
        }

        @Override
        public void delete(String postId) {
            view.delete(postId);
        }

        @Override
        public void like(String postId) {
            view.like(postId);
        }

        @Override
        public List<Post> mentions(@Nullable String sinceId) {
            return view.mentions(sinceId);
        }

        @Override
        public Optional<Post> find(String postId) {
            return view.find(postId);
        }

        @Override
        public List<Post> conversation(String conversationId) {
            conversationReads.incrementAndGet();
            return view.conversation(conversationId);
        }

        @Override
        public List<Post> recentPosts(String userId) {
            return view.recentPosts(userId);
        }
    };

    /** Seven posts, alternating authors, each answering the one before; returns them oldest first. */
    private List<Post> thread() {
        List<Post> posts = new ArrayList<>();
        Post root = fixture.network.publish(human, "@juniper which moths come to a porch light?", null);
        posts.add(root);
        List<Account> authors = List.of(own, marlow, human, own, human, human);
        for (Account author : authors) {
            String text = author == own
                    ? "mostly underwings, @moth_fan_99, and the odd sphinx moth"
                    : "@juniper and what about the ones at " + posts.size() + " am?";
            posts.add(fixture.network.publish(author, text, posts.getLast().id()));
        }
        return posts;
    }

    @Test
    void a_reply_sees_at_most_five_ancestors_oldest_first() {
        List<Post> posts = thread();
        Post mention = posts.getLast();

        List<Post> ancestors = threads.ancestorsOf(mention, network);

        assertThat(ancestors).containsExactlyElementsOf(posts.subList(1, 6));
    }

    @Test
    void the_conversation_is_fetched_once() {
        List<Post> posts = thread();

        threads.ancestorsOf(posts.get(5), network);
        threads.ancestorsOf(posts.getLast(), network);
        threads.ancestorsOf(posts.getLast(), network);

        assertThat(conversationReads).hasValue(1);
    }

    @Test
    void the_reply_prompt_marks_own_posts_and_names_no_handle_or_id() {
        List<Post> posts = thread();
        Post mention = posts.getLast();

        List<PromptInputs.Turn> turns = threads.turnsAbove(juniper, own.id(), mention, network);
        var prompts = new PostPrompts(
                new PromptComposer(),
                new Recall(fixture.memories(), new HashingEmbedder(384), MemoryProperties.DEFAULTS, clock),
                fixture.states(),
                new JdbcOutbox(JdbcClient.create(fixture.database), clock));
        String prompt =
                prompts.forReply(juniper, Mood.START, mention, turns, "x:" + human.id(), List.of()).messages().stream()
                        .map(ChatMessage::content)
                        .collect(Collectors.joining("\n"));

        assertThat(turns).extracting(PromptInputs.Turn::own).containsExactly(true, false, false, true, false);
        assertThat(turns)
                .extracting(PromptInputs.Turn::speaker)
                .containsExactly(
                        "Juniper Vale", "Marlow Quince", PostPrompts.AUTHOR, "Juniper Vale", PostPrompts.AUTHOR);
        assertThat(prompt)
                .contains("You (Juniper Vale): mostly underwings")
                .contains("Marlow Quince: and what about the ones at 2 am?")
                .doesNotContain("@")
                .doesNotContain(human.id())
                .doesNotContain(mention.id());
    }
}
