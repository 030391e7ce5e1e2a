package dev.puppetengine.memory.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.puppetengine.llm.Embedder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * all-MiniLM-L6-v2 (384 dimensions) run in process by ONNX Runtime; the model ships inside its jar. The first use
 * loads it (about a second and 90 MB of heap). Texts of a batch are embedded one after the other on the calling
 * thread, and each on that thread alone: the session has one intra-op and one inter-op thread and does not spin
 * waiting for work (ONNX Runtime's default, a thread per core that spins between runs, spent a core's worth of CPU
 * the engine needs; docs/PERFORMANCE.md). Vectors are normalised to unit length.
 */
public final class MiniLmEmbedder implements Embedder {

    public static final String MODEL_NAME = "all-minilm-l6-v2";
    private static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";
    private static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    private final SingleThreadedModel model = new SingleThreadedModel(encoder());

    /** The langchain4j model on an encoder of our own session. */
    private static final class SingleThreadedModel extends AbstractInProcessEmbeddingModel {

        private final OnnxBertBiEncoder encoder;

        SingleThreadedModel(OnnxBertBiEncoder encoder) {
            super(Runnable::run);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return 384;
        }
    }

    private static OnnxBertBiEncoder encoder() {
        ClassLoader loader = MiniLmEmbedder.class.getClassLoader();
        try (InputStream modelBytes = Objects.requireNonNull(
                        loader.getResourceAsStream(MODEL_RESOURCE), MODEL_RESOURCE + " is not on the class path");
                InputStream tokenizer = Objects.requireNonNull(
                        loader.getResourceAsStream(TOKENIZER_RESOURCE),
                        TOKENIZER_RESOURCE + " is not on the class path");
                OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session = environment.createSession(modelBytes.readAllBytes(), options);
            return new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the embedding model " + MODEL_RESOURCE, e);
        } catch (OrtException e) {
            throw new IllegalStateException("could not load the embedding model " + MODEL_RESOURCE, e);
        }
    }

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
