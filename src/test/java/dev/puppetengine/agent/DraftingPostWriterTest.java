package dev.puppetengine.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.agent.jdbc.JdbcPersonaStateStore;
import dev.puppetengine.llm.CallSampling;
import dev.puppetengine.llm.ChatMessage;
import dev.puppetengine.llm.Generation;
import dev.puppetengine.llm.GenerationRequest;
import dev.puppetengine.llm.LanguageModel;
import dev.puppetengine.llm.LanguageModels;
import dev.puppetengine.llm.OutputPolicy;
import dev.puppetengine.llm.PostDrafter;
import dev.puppetengine.llm.PromptComposer;
import dev.puppetengine.llm.PromptSection;
import dev.puppetengine.llm.Structured;
import dev.puppetengine.llm.offline.OfflineComposer;
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
import dev.puppetengine.social.jdbc.JdbcOutbox;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

class DraftingPostWriterTest {

    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    private final SettableClock clock = new SettableClock(T0);
    private final DataSource database = TestDatabase.inMemory();
    private final MemoryStore store = new JdbcMemoryStore(new JdbcTemplate(database));
    private final HashingEmbedder embedder = new HashingEmbedder(384);
    private final Recall recall = new Recall(store, embedder, MemoryProperties.DEFAULTS, clock);
    private final PersonaStateStore states = new JdbcPersonaStateStore(JdbcClient.create(database), clock);
    private final List<GenerationRequest> sent = new CopyOnWriteArrayList<>();
    private final PersonaSpec juniper = new ConfigDirPersonaCatalog(
                    EngineFixture.SAMPLE_CAST, PersonaDocuments.withSystemEnvironment())
            .findPersona(PersonaId.of("juniper"))
            .orElseThrow();

    @Test
    void the_prompt_sent_for_a_new_post_contains_the_recalled_memories() {
        String interest = juniper.personality().interests().getFirst();
        store.add(new Memory(
                0,
                juniper.id(),
                MemoryKind.EVENT,
                "Last night the " + interest + " finally made sense to me after the rain.",
                0.7,
                0,
                T0,
                List.of(),
                null));
        new EmbeddingPipeline(store, embedder, recall, 32).embedPending();
        var writer = new DraftingPostWriter(
                new PostDrafter(
                        LanguageModels.offlineOnly(new Capturing(new OfflineComposer())), new OutputPolicy(null)),
                CallSampling.defaultsOnly(),
                new PostPrompts(
                        new PromptComposer(), recall, states, new JdbcOutbox(JdbcClient.create(database), clock)));

        writer.writePost(juniper, Mood.START, List.of(), 7);

        assertThat(sent).isNotEmpty();
        assertThat(sent.getFirst().messages())
                .extracting(ChatMessage::content)
                .anySatisfy(content -> assertThat(content)
                        .contains(PromptSection.RECALLED_MEMORIES.heading())
                        .contains("finally made sense to me after the rain"));
    }

    private final class Capturing implements LanguageModel {

        private final LanguageModel delegate;

        Capturing(LanguageModel delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public boolean isLlm() {
            return delegate.isLlm();
        }

        @Override
        public Generation generate(GenerationRequest request) {
            sent.add(request);
            return delegate.generate(request);
        }

        @Override
        public <T extends Record> Structured<T> generateStructured(GenerationRequest request, Class<T> type) {
            sent.add(request);
            return delegate.generateStructured(request, type);
        }
    }
}
