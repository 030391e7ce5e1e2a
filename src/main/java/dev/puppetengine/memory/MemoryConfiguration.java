package dev.puppetengine.memory;

import dev.puppetengine.event.ScheduleLag;
import dev.puppetengine.llm.CachingEmbedder;
import dev.puppetengine.llm.CallSampling;
import dev.puppetengine.llm.Embedder;
import dev.puppetengine.llm.StructuredDecisions;
import dev.puppetengine.memory.onnx.MiniLmEmbedder;
import dev.puppetengine.persona.PersonaCatalog;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The memory feature's beans (DESIGN §4.6). The store is {@code JdbcMemoryStore}, a component of its own. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MemoryProperties.class)
class MemoryConfiguration {

    /** Vectors of recent texts kept for reuse ({@link CachingEmbedder}): about 60,000 posts of 384 dimensions. */
    private static final long EMBEDDING_CACHE_BYTES = 96L * 1024 * 1024;

    @Bean
    @ConditionalOnMissingBean
    Embedder embedder(MemoryProperties properties) {
        return switch (properties.embedder()) {
            case MINILM -> new CachingEmbedder(new MiniLmEmbedder(), EMBEDDING_CACHE_BYTES);
            case HASHING -> new HashingEmbedder(384);
        };
    }

    @Bean
    Recall recall(MemoryStore store, Embedder embedder, MemoryProperties properties, Clock clock) {
        return new Recall(store, embedder, properties, clock);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    EmbeddingPipeline embeddingPipeline(
            MemoryStore store,
            Embedder embedder,
            Recall recall,
            MemoryProperties properties,
            ObjectProvider<ScheduleLag> lag) {
        // behind: a due persona step has waited over a second (puppet.schedule.lag), read when a batch is done
        return new EmbeddingPipeline(store, embedder, recall, properties.embeddingBatchSize(), () -> {
            ScheduleLag schedule = lag.getIfAvailable();
            return schedule != null && schedule.behindSeconds() > 1;
        });
    }

    @Bean
    MemoryBank memoryBank(MemoryStore store, Recall recall, EmbeddingPipeline embeddings, Clock clock) {
        return new MemoryBank(store, recall, embeddings, clock);
    }

    @Bean
    Retention retention(MemoryStore store, Recall recall, MemoryProperties properties, Clock clock) {
        return new Retention(store, recall, properties, clock);
    }

    @Bean
    Reflection reflection(
            MemoryStore store,
            MemoryBank bank,
            MemoryProperties properties,
            StructuredDecisions decisions,
            CallSampling sampling,
            PersonaCatalog personas) {
        return new Reflection(store, bank, properties, decisions, sampling, personas);
    }
}
