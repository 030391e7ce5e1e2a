package dev.puppetengine.memory.onnx;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.puppetengine.llm.Embedder;
import java.util.List;

/**
 * all-MiniLM-L6-v2 (384 dimensions) run in process by ONNX Runtime; the model ships inside its jar. The first use
 * loads it (about a second and 90 MB of heap). Texts of a batch are embedded one after the other on the calling
 * thread, leaving the cores to the engine. Vectors are normalised to unit length.
 */
public final class MiniLmEmbedder implements Embedder {

    public static final String MODEL_NAME = "all-minilm-l6-v2";

    private final AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel(Runnable::run);

    @Override
    public String modelName() {
        return MODEL_NAME;
    }

    @Override
    public int dimensions() {
        return 384;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<Embedding> embeddings =
                model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        return embeddings.stream().map(e -> normalised(e.vector())).toList();
    }

    private static float[] normalised(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += (double) v * v;
        }
        if (norm == 0) {
            return vector;
        }
        float inverse = (float) (1 / Math.sqrt(norm));
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] * inverse;
        }
        return unit;
    }
}
