package dev.puppetengine.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.agent.jdbc.JdbcPersonaStateStore;
import dev.puppetengine.llm.ChatMessage;
import dev.puppetengine.llm.ComposedPrompt;
import dev.puppetengine.llm.PromptComposer;
import dev.puppetengine.llm.PromptSection;
import dev.puppetengine.memory.EmbeddingPipeline;
import dev.puppetengine.memory.HashingEmbedder;
import dev.puppetengine.memory.Memory;
import dev.puppetengine.memory.MemoryKind;
import dev.puppetengine.memory.MemoryProperties;
import dev.puppetengine.memory.MemoryStore;
import dev.puppetengine.memory.Recall;
import dev.puppetengine.memory.jdbc.JdbcMemoryStore;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.format.ConfigDirPersonaCatalog;
import dev.puppetengine.persona.format.PersonaDocuments;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import dev.puppetengine.social.Post;
import dev.puppetengine.social.jdbc.JdbcOutbox;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostPromptsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    private final SettableClock clock = new SettableClock(T0);
    private final DataSource database = TestDatabase.inMemory();
    private final MemoryStore store = new JdbcMemoryStore(new JdbcTemplate(database));
    private final HashingEmbedder embedder = new HashingEmbedder(384);
    private final Recall recall = new Recall(store, embedder, MemoryProperties.DEFAULTS, clock);
    private final PersonaStateStore states = new JdbcPersonaStateStore(JdbcClient.create(database), clock);
    private final PostPrompts prompts =
            new PostPrompts(new PromptComposer(), recall, states, new JdbcOutbox(JdbcClient.create(database), clock));
    private final PersonaSpec juniper = new ConfigDirPersonaCatalog(
                    EngineFixture.SAMPLE_CAST, PersonaDocuments.withSystemEnvironment())
            .findPersona(PersonaId.of("juniper"))
            .orElseThrow();

    @Test
    void a_new_post_prompt_carries_recalled_memories_core_memories_mood_and_task() {
        String interest = juniper.personality().interests().getFirst();
        remember("Last night the " + interest + " finally made sense to me after the rain.");
        remember("Paid the electricity bill.");

        ComposedPrompt prompt = prompts.forNewPost(juniper, Mood.START, List.of("an older post of mine"));

        String system = prompt.messages().get(0).content();
        String user = prompt.messages().get(1).content();
        assertThat(prompt.messages())
                .extracting(ChatMessage::role)
                .containsExactly(ChatMessage.Role.SYSTEM, ChatMessage.Role.USER);
        assertThat(system).contains(juniper.initialMemory().coreMemories().getFirst());
        assertThat(user)
                .contains(PromptSection.RECALLED_MEMORIES.heading())
                .contains("finally made sense to me after the rain")
                .contains("calm, even and steady")
                .contains("an older post of mine")
                .contains(PromptSection.TASK.heading());
        assertThat(prompt.sectionTokens()).containsKeys(PromptSection.PERSONA, PromptSection.STYLE);
    }

    @Test
    void a_reply_prompt_carries_the_conversation_and_the_relationship_in_words() {
        states.saveRelationship(new Relationship(juniper.id(), "x:42", 0.8, 0.9, 0.9, T0, List.of(), List.of(), T0));
        Post mention =
                new Post("100", "42", "moth_fan", "@juniper which moths are out tonight?", "100", null, null, T0);

        ComposedPrompt prompt = prompts.forReply(juniper, Mood.START, mention, List.of(), null, List.of());

        assertThat(prompt.messages().get(1).content())
                .contains("which moths are out tonight?")
                .contains("You know them well; you like them and trust them.")
                .doesNotContain("0.8", "0.9");
    }

    @Test
    void a_reply_prompt_names_no_other_user_and_drops_the_personas_own_handle() {
        Post mention = new Post(
                "100",
                "4242",
                "moth_fan",
                "@juniper @moth_fan says hi to @Bo_2, mail me@example.org",
                "100",
                null,
                null,
                T0);

        String all = prompts.forReply(juniper, Mood.START, mention, List.of(), null, List.of()).messages().stream()
                .map(ChatMessage::content)
                .reduce("", String::concat);

        assertThat(all)
                .contains("> moth_fan says hi to Bo_2, mail me@example.org")
                .contains("the person who wrote to you")
                .doesNotContain("@juniper", "@moth_fan", "@Bo_2", "4242");
    }

    @Test
    void handles_lose_their_at_sign_and_the_own_handle_goes() {
        assertThat(PostPrompts.withoutHandles("@ada  @Bo hi ＠cy, see @ADA", java.util.Set.of("ada")))
                .isEqualTo("Bo hi cy, see");
    }

    private void remember(String text) {
        store.add(new Memory(0, juniper.id(), MemoryKind.EVENT, text, 0.7, 0, T0, List.of(), null));
        new EmbeddingPipeline(store, embedder, recall, 32).embedPending();
    }
}
