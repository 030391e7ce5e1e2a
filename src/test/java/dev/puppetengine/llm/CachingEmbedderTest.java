package dev.puppetengine.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachingEmbedderTest {

    /** Counts the texts the model is asked to embed. */
    private static final class Counting implements Embedder {
        final List<String> embedded = new ArrayList<>();

        static float[] vectorOf(String text) {
            float[] vector = new float[384];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (text.hashCode() * 31 + i) % 97;
            }
            return vector;
        }

        @Override
        public String modelName() {
            return "counting";
        }

        @Override
        public int dimensions() {
            return 384;
        }

        @Override
        public synchronized List<float[]> embedAll(List<String> texts) {
            embedded.addAll(texts);
            return texts.stream().map(Counting::vectorOf).toList();
        }
    }

    private final Counting model = new Counting();

    @Test
    void embeds_a_text_once_and_answers_it_from_memory_afterwards() {
        var caching = new CachingEmbedder(model, 1 << 20);

        float[] first = caching.embed("tide pools at dawn");
        float[] again = caching.embed("tide pools at dawn");

        assertThat(again).containsExactly(first);
        assertThat(model.embedded).containsExactly("tide pools at dawn");
    }

    @Test
    void a_batch_asks_the_model_only_for_its_new_texts_once_each_and_keeps_the_order() {
        var caching = new CachingEmbedder(model, 1 << 20);
        caching.embed("b");

        List<float[]> vectors = caching.embedAll(List.of("a", "b", "c", "a"));

        assertThat(model.embedded).containsExactly("b", "a", "c");
        assertThat(vectors).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(vectors.get(i))
                    .containsExactly(
                            Counting.vectorOf(List.of("a", "b", "c", "a").get(i)));
        }
        assertThat(caching.modelName()).isEqualTo("counting");
        assertThat(caching.dimensions()).isEqualTo(384);
    }

    @Test
    void a_cache_too_small_for_its_texts_still_answers_every_text_right() {
        var caching = new CachingEmbedder(model, 1);

        List<String> texts = List.of("one", "two", "three");
        List<float[]> vectors = caching.embedAll(texts);

        for (int i = 0; i < texts.size(); i++) {
            assertThat(vectors.get(i)).containsExactly(Counting.vectorOf(texts.get(i)));
        }
    }
}
