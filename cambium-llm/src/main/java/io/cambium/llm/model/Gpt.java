package io.cambium.llm.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.Cambium;
import io.cambium.nn.Layer;
import io.cambium.nn.LayerRegistry;
import io.cambium.nn.Model;
import io.cambium.nn.ModelConfig;
import io.cambium.nn.Variable;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.io.ModelArchive;
import io.cambium.nn.io.ModelFile;
import io.cambium.nn.io.TrainingState;
import io.cambium.nn.io.Weights;
import io.cambium.nn.layers.embedding.Embedding;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.losses.Losses;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoder-only Transformer language model (GPT-2, and LLaMA-style variants) of shape
 * {@link GptConfig}: token embedding {@code wte}, learned position embedding {@code wpe} (unless
 * positions are rotary), blocks {@code h.0 .. h.N-1} ({@link GptBlock}), final normalization
 * {@code ln_f}, and the output projection {@code lm_head} (or the token embedding, tied).
 * Layers are named by their paths, as Hugging Face's modules without the {@code transformer.}
 * prefix, so variables are {@code h.0.attn.c_attn/kernel}, {@code ln_f/gamma}, ...; Dense kernels
 * are {@code [in, out]} (the layout of GPT-2's Conv1D weights). Initialization is GPT-2's:
 * N(0, 0.02) for embeddings and projections, N(0, 0.02/sqrt(2·layers)) for the residual output
 * projections ({@code attn.c_proj}, {@code mlp.c_proj}/{@code down_proj}), zero biases, unit
 * norm scales; draws come from {@link Cambium#rng()}, so {@code Cambium.seed} fixes them.
 *
 * <pre>{@code
 * Cambium.seed(1);
 * Gpt gpt = new Gpt(GptConfig.preset("tiny").vocabSize(65));
 * Tensor logits = gpt.forward(Gpt.ids(tokens, 1), false);      // [1, T, 65]
 * }</pre>
 *
 * A GPT is a {@link Model}: it has variables, freezing, {@link #summary()}, and saves to and
 * loads from the one-file model format ({@link #save(Path)}, {@link #load(Path)}; also
 * {@code Model.load} once this class is loaded).
 */
public class Gpt extends Model implements Composite {
    /** The class name in saved architectures. */
    public static final String CLASS_NAME = "GPT";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Loss CROSS_ENTROPY = Losses.sparseCategoricalCrossentropy(true);

    static {
        LayerRegistry.register(CLASS_NAME, Gpt::fromConfig);
    }

    private final GptConfig cfg;
    /** Scanned by {@link Layer#childLayers()}: the children in path order. */
    private final LinkedHashMap<String, Layer> children = new LinkedHashMap<>();

    /**
     * A model of shape {@code config} (copied) with fresh weights.
     *
     * @throws IllegalArgumentException when the configuration is inconsistent
     */
    public Gpt(GptConfig config) {
        this(config, "gpt");
    }

    /** A model of shape {@code config} with the given model name. */
    public Gpt(GptConfig config, String name) {
        super(name);
        this.cfg = config.copy().validate();
        int d = cfg.dModel();
        children.put("wte", Parts.embedding("wte", cfg.vocabSize(), d, cfg.initStd()));
        if (cfg.positions() == GptConfig.Positions.LEARNED) {
            children.put("wpe", Parts.embedding("wpe", cfg.contextLength(), d, cfg.initStd()));
        }
        for (int i = 0; i < cfg.layers(); i++) {
            children.put("h." + i, new GptBlock("h." + i, i, cfg));
        }
        children.put("ln_f", Parts.norm("ln_f", cfg));
        if (!cfg.tieEmbeddings()) {
            children.put("lm_head", Parts.dense("lm_head", d, cfg.vocabSize(), false, cfg.initStd()));
        }
        markBuilt();
    }

    /**
     * A model whose weights are drawn from a generator seeded with {@code seed}; the global
     * generator ({@link Cambium#rng()}) is left as it was.
     */
    public static Gpt withSeed(GptConfig config, long seed) {
        io.cambium.tensor.random.Rng global = Cambium.rng();
        synchronized (global) {
            long[] saved = global.state();
            global.reseed(seed);
            try {
                return new Gpt(config);
            } finally {
                global.setState(saved);
            }
        }
    }

    /** A copy of the configuration. */
    public GptConfig gptConfig() {
        return cfg.copy();
    }

    @Override
    public String className() {
        return CLASS_NAME;
    }

    // ---------------------------------------------------------------- children

    @Override
    public Map<String, Layer> namedChildren() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(children));
    }

    @Override
    public void replaceChild(String name, Layer replacement) {
        if (!children.containsKey(name)) {
            throw new IllegalArgumentException(describe() + " has no child '" + name + "' (children: "
                    + children.keySet() + ")");
        }
        children.put(name, replacement);
    }

    /** Block {@code i}. */
    public GptBlock block(int i) {
        return (GptBlock) children.get("h." + i);
    }

    /** The token embedding table {@code [vocab, d_model]} (the base table when a {@link TiedEmbedding} wraps it). */
    public Variable tokenEmbedding() {
        Layer wte = children.get("wte");
        if (wte instanceof Embedding e) {
            return e.embeddings();
        }
        if (wte instanceof TiedEmbedding t) {
            return t.baseTable();
        }
        throw new IllegalStateException(describe() + ": 'wte' is a " + wte.className() + ", not an Embedding");
    }

    // ---------------------------------------------------------------- computing

    /** Token ids as the float tensor {@code [batch, tokens.length / batch]} the model reads. */
    public static Tensor ids(int[] tokens, int batch) {
        if (batch <= 0 || tokens.length % batch != 0) {
            throw new IllegalArgumentException("Gpt.ids: " + tokens.length + " tokens do not split into " + batch
                    + " sequences");
        }
        return Tensor.of(tokens, batch, tokens.length / batch);
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        if (inputShapes.size() != 1 || inputShapes.get(0).length != 2) {
            throw new IllegalArgumentException(describe() + ": expected token ids (batch, time), got "
                    + (inputShapes.size() == 1 ? shapeStr(inputShapes.get(0)) : inputShapes.size() + " inputs"));
        }
    }

    /** The logits {@code [batch, time, vocab]} of ids {@code [batch, time]}. */
    @Override
    public Tensor call(Tensor ids, boolean training) {
        return forward(ids, training);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return new int[] {inputShape[0], inputShape[1], cfg.vocabSize()};
    }

    /**
     * The logits {@code [batch, time, vocab]} of token ids {@code [batch, time]} at positions
     * {@code 0..time-1}; {@code training} turns dropout on.
     *
     * @throws IllegalArgumentException when the ids are not [batch, time], longer than the
     *     context, or outside the vocabulary
     */
    public Tensor forward(Tensor ids, boolean training) {
        return run(ids, null, false, training);
    }

    /**
     * Inference with a key/value cache: the logits of ids {@code [batch, time]} at positions
     * {@code cache.length()..cache.length()+time-1}, reading earlier positions' keys and values
     * from the cache and appending these ones. {@code lastOnly} returns only the last position's
     * logits ({@code [batch, 1, vocab]}), skipping the output projection of the others.
     *
     * @throws IllegalArgumentException when the positions pass the context or the cache's batch differs
     */
    public Tensor forward(Tensor ids, KvCache cache, boolean lastOnly) {
        if (cache == null) {
            return run(ids, null, lastOnly, false);
        }
        if (cache.batch() != ids.dim(0)) {
            throw new IllegalArgumentException(describe() + ": the cache holds " + cache.batch() + " sequences, the ids "
                    + ids.dim(0));
        }
        Tensor out = run(ids, cache, lastOnly, false);
        cache.advance(ids.dim(1));
        return out;
    }

    private Tensor run(Tensor ids, KvCache cache, boolean lastOnly, boolean training) {
        int[] s = ids.shape();
        if (s.length != 2 || s[0] <= 0 || s[1] <= 0) {
            throw new IllegalArgumentException(describe() + ": token ids must be (batch, time), got " + Shape.str(s));
        }
        int b = s[0];
        int t = s[1];
        int start = cache == null ? 0 : cache.length();
        if (start + t > cfg.contextLength()) {
            throw new IllegalArgumentException(describe() + ": positions " + start + ".." + (start + t - 1)
                    + " exceed the context length " + cfg.contextLength());
        }
        int d = cfg.dModel();
        Tensor x = children.get("wte").call(ids, training);
        Layer wpe = children.get("wpe");
        if (wpe != null) {
            float[] positions = new float[t];
            for (int i = 0; i < t; i++) {
                positions[i] = start + i;
            }
            x = x.add(wpe.call(Tensor.of(positions, 1, t), training));
        }
        x = x.reshape(b * t, d);
        if (training && cfg.dropout() > 0) {
            x = CausalSelfAttention.dropout(x, (float) cfg.dropout());
        }
        for (int l = 0; l < cfg.layers(); l++) {
            x = ((GptBlock) children.get("h." + l)).forward(x, b, t, cache, training);
        }
        int rows = t;
        if (lastOnly && t > 1) {
            x = x.reshape(b, t, d).narrow(1, t - 1, 1).reshape(b, d);
            rows = 1;
        }
        x = children.get("ln_f").call(x, training);
        Tensor logits;
        Layer head = children.get("lm_head");
        if (head != null) {
            logits = head.call(x, training);
        } else if (children.get("wte") instanceof TiedEmbedding tied) {
            // A wrapper of the token table (a LoRA adapter) decides what the tied output uses.
            logits = tied.tiedLogits(x, training);
        } else {
            logits = x.matmul(tokenEmbedding().value(), false, true);
        }
        return logits.reshape(b, rows, cfg.vocabSize());
    }

    /**
     * The mean next-token cross-entropy (nats) of ids {@code [batch, time]} against targets
     * {@code [batch, time]} (or {@code [batch·time]}): a differentiable scalar.
     */
    public Tensor loss(Tensor ids, Tensor targets, boolean training) {
        Tensor logits = forward(ids, training);
        int n = ids.numel();
        if (targets.numel() != n) {
            throw new IllegalArgumentException(describe() + ": " + targets.numel() + " targets for " + n + " positions");
        }
        return CROSS_ENTROPY.call(targets.reshape(n), logits.reshape(n, cfg.vocabSize()));
    }

    /** A fresh key/value cache for {@code batch} sequences. */
    public KvCache newCache(int batch) {
        return new KvCache(cfg, batch);
    }

    // ---------------------------------------------------------------- counts and summary

    /** The number of scalar parameters (each tied matrix once). */
    public long parameterCount() {
        return countParams();
    }

    /**
     * The parameters without the embeddings (the count GPT-2 and scaling-law papers report when
     * they exclude the token and position tables).
     */
    public long nonEmbeddingParameterCount() {
        long n = parameterCount() - Shape.numel(tokenEmbedding().shape());
        Layer wpe = children.get("wpe");
        if (wpe != null) {
            n -= wpe.countParams();
        }
        return n;
    }

    @Override
    public String summaryString() {
        return GptSummary.of(this, cfg);
    }

    // ---------------------------------------------------------------- saving

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.putAll(cfg.toMap());
        return c;
    }

    /**
     * Re-creates a model (fresh weights) from {@link #config()}. Every key is read, so that a
     * strict reader ({@link io.cambium.nn.ModelConfig}) can reject the ones no option knows.
     */
    public static Gpt fromConfig(Map<String, Object> c) {
        Object name = c.get("name");
        Object trainable = c.get("trainable");
        if (trainable != null && !(trainable instanceof Boolean)) {
            throw new IllegalArgumentException("GPT: 'trainable' must be true or false, got " + trainable);
        }
        Gpt gpt = new Gpt(GptConfig.fromMap(c), name == null ? "gpt" : name.toString());
        if (Boolean.FALSE.equals(trainable)) {
            gpt.trainable(false);
        }
        return gpt;
    }

    /** The architecture as the JSON of a model file: {@code {"class_name": "GPT", "config": {...}}}. */
    public String architectureJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("class_name", CLASS_NAME);
        root.put("config", config());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(describe() + ": cannot write its config as JSON", e);
        }
    }

    /** The weights by variable name (live tensors). */
    public Map<String, Tensor> namedWeights() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Variable v : variables()) {
            if (out.put(v.name(), v.value()) != null) {
                throw new IllegalStateException(describe() + ": two variables are named '" + v.name() + "'");
            }
        }
        return out;
    }

    /**
     * Saves the architecture and weights (and the global random generator's state) in one model
     * file, atomically. Training checkpoints with optimizer state are written by the pretrainer.
     */
    @Override
    public void save(Path file) throws IOException {
        long[] rng;
        synchronized (Cambium.rng()) {
            rng = Cambium.rng().state();
        }
        ModelFile.save(file, new ModelArchive(architectureJson(), namedWeights(), null, Map.of(),
                new TrainingState(0, 0, rng, Map.of())));
    }

    /**
     * Loads a GPT from a model file (a saved model or a pretraining checkpoint).
     *
     * @throws InvalidFileException naming the file when it is corrupt, holds another kind of
     *     model, or its weights do not fit its architecture
     */
    public static Gpt load(Path file) throws IOException {
        return fromArchive(file, ModelFile.load(file));
    }

    /** A GPT rebuilt from an archive read from {@code file} (for messages). */
    public static Gpt fromArchive(Path file, ModelArchive a) throws InvalidFileException {
        if (a.architecture() == null) {
            throw new InvalidFileException(file, "the file has no architecture");
        }
        // Read as strictly as Model.load: duplicate or unknown keys are rejected with their path.
        Model m;
        try {
            m = ModelConfig.fromJson(a.architecture());
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(file, "cannot rebuild the architecture: " + e.getMessage(), e);
        }
        if (!(m instanceof Gpt gpt)) {
            throw new InvalidFileException(file, "the file holds a " + m.getClass().getSimpleName() + " model, not a "
                    + CLASS_NAME);
        }
        Weights.assign(file, a.weights(), gpt.variables());
        return gpt;
    }
}
