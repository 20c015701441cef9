package io.cambium.llm.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The shape and options of a decoder-only Transformer ({@link Gpt}): vocabulary, context length,
 * width, layers, query and key/value heads (grouped-query attention), MLP width, normalization
 * (LayerNorm or RMSNorm), positions (learned or rotary), MLP activation (GELU, GPT-2's tanh GELU,
 * or SwiGLU), tied or untied output projection, biases, dropout and the initialization's standard
 * deviation. Start from a {@link #preset(String)} or from {@code new GptConfig()} (the
 * {@code tiny} shape) and change options with the fluent setters:
 *
 * <pre>{@code
 * GptConfig cfg = GptConfig.preset("small").vocabSize(tokenizer.vocabSize()).dropout(0.1);
 * }</pre>
 *
 * Field names in {@link #toMap()} follow Hugging Face's GPT-2 and LLaMA configs where they exist.
 */
public final class GptConfig {
    /** The normalization before each sub-block and at the end. */
    public enum Norm {
        /** LayerNorm with a learned scale and shift (GPT-2). */
        LAYER_NORM,
        /** RMSNorm with a learned scale (LLaMA). */
        RMS_NORM
    }

    /** How positions enter the model. */
    public enum Positions {
        /** A learned position embedding added to the token embedding (GPT-2). */
        LEARNED,
        /** Rotary embedding of queries and keys (LLaMA). */
        ROTARY
    }

    /** The MLP's non-linearity. */
    public enum Activation {
        /** Exact GELU, x·Φ(x) (PyTorch's default {@code nn.GELU()}). */
        GELU,
        /** GELU's tanh approximation (GPT-2's {@code gelu_new}). */
        GELU_TANH,
        /** SiLU-gated linear unit with separate gate, up and down projections (LLaMA). */
        SWIGLU
    }

    /** The preset names, smallest first. */
    public static final List<String> PRESETS = List.of("tiny", "mini", "small", "gpt2", "llama-tiny", "llama-small");

    private int vocabSize = 256;
    private int contextLength = 64;
    private int dModel = 64;
    private int layers = 2;
    private int heads = 4;
    private int kvHeads = 4;
    private int mlpHidden = 256;
    private Norm norm = Norm.LAYER_NORM;
    private double normEps = 1e-5;
    private Positions positions = Positions.LEARNED;
    private double ropeTheta = 10000.0;
    private Activation activation = Activation.GELU_TANH;
    private boolean tieEmbeddings = true;
    private boolean bias = true;
    private double dropout;
    private double attentionDropout;
    private double initStd = 0.02;

    /** The {@code tiny} GPT-2-style shape: vocabulary 256, context 64, width 64, 2 layers, 4 heads, MLP 256. */
    public GptConfig() {
    }

    /**
     * A named preset:
     * <ul>
     * <li>{@code tiny}: GPT-2 style, context 64, width 64, 2 layers, 4 heads (tests, smoke runs);</li>
     * <li>{@code mini}: GPT-2 style, context 128, width 128, 4 layers, 4 heads (the benchmark's W5 shape);</li>
     * <li>{@code small}: GPT-2 style, context 256, width 384, 6 layers, 6 heads (nanoGPT's character-level shape);</li>
     * <li>{@code gpt2}: GPT-2 small, vocabulary 50257, context 1024, width 768, 12 layers, 12 heads (124M);</li>
     * <li>{@code llama-tiny}: LLaMA style (RMSNorm, rotary, SwiGLU, no biases, untied), context 64,
     * width 64, 2 layers, 4 heads sharing 2 key/value heads;</li>
     * <li>{@code llama-small}: LLaMA style, context 256, width 384, 6 layers, 6 heads sharing 2 key/value heads.</li>
     * </ul>
     * Vocabulary sizes are 256 (bytes) except for {@code gpt2}; set the tokenizer's with {@link #vocabSize(int)}.
     *
     * @throws IllegalArgumentException naming the known presets when the name is unknown
     */
    public static GptConfig preset(String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "tiny" -> new GptConfig();
            case "mini" -> new GptConfig().contextLength(128).dModel(128).layers(4).heads(4).mlpHidden(512);
            case "small" -> new GptConfig().contextLength(256).dModel(384).layers(6).heads(6).mlpHidden(1536);
            case "gpt2" -> new GptConfig().vocabSize(50257).contextLength(1024).dModel(768).layers(12).heads(12)
                    .mlpHidden(3072);
            case "llama-tiny" -> new GptConfig().llamaStyle().heads(4).kvHeads(2).mlpHidden(176);
            case "llama-small" -> new GptConfig().llamaStyle().contextLength(256).dModel(384).layers(6).heads(6)
                    .kvHeads(2).mlpHidden(1024);
            default -> throw new IllegalArgumentException("unknown model preset '" + name + "' (known: "
                    + String.join(", ", PRESETS) + ")");
        };
    }

    /**
     * Switches to LLaMA's choices: RMSNorm (eps 1e-5), rotary positions, SwiGLU, no biases, untied
     * output projection.
     */
    public GptConfig llamaStyle() {
        norm = Norm.RMS_NORM;
        positions = Positions.ROTARY;
        activation = Activation.SWIGLU;
        bias = false;
        tieEmbeddings = false;
        return this;
    }

    /** A copy that later changes to this one do not affect. */
    public GptConfig copy() {
        return fromMap(toMap());
    }

    // ---------------------------------------------------------------- setters

    /** The number of token ids. */
    public GptConfig vocabSize(int v) {
        vocabSize = v;
        return this;
    }

    /** The longest sequence the model reads (GPT-2's {@code n_positions}). */
    public GptConfig contextLength(int v) {
        contextLength = v;
        return this;
    }

    /** The width of the residual stream ({@code n_embd}). */
    public GptConfig dModel(int v) {
        dModel = v;
        return this;
    }

    /** The number of Transformer blocks ({@code n_layer}). */
    public GptConfig layers(int v) {
        layers = v;
        return this;
    }

    /**
     * The number of attention (query) heads ({@code n_head}); also sets the key/value heads to
     * the same number (multi-head attention); call {@link #kvHeads(int)} afterwards for grouped-query attention.
     */
    public GptConfig heads(int v) {
        heads = v;
        kvHeads = v;
        return this;
    }

    /** The number of key/value heads, a divisor of the heads ({@code num_key_value_heads}). */
    public GptConfig kvHeads(int v) {
        kvHeads = v;
        return this;
    }

    /** The MLP's hidden width ({@code n_inner}, LLaMA's {@code intermediate_size}). */
    public GptConfig mlpHidden(int v) {
        mlpHidden = v;
        return this;
    }

    /** The normalization layers. */
    public GptConfig norm(Norm v) {
        norm = v;
        return this;
    }

    /** The normalizations' epsilon (default 1e-5). */
    public GptConfig normEps(double v) {
        normEps = v;
        return this;
    }

    /** Learned or rotary positions. */
    public GptConfig positions(Positions v) {
        positions = v;
        return this;
    }

    /** The rotary embedding's base (default 10000). */
    public GptConfig ropeTheta(double v) {
        ropeTheta = v;
        return this;
    }

    /** The MLP's activation. */
    public GptConfig activation(Activation v) {
        activation = v;
        return this;
    }

    /** Whether the output projection reuses the token embedding (default true). */
    public GptConfig tieEmbeddings(boolean v) {
        tieEmbeddings = v;
        return this;
    }

    /** Whether linear projections and LayerNorms have biases (default true). */
    public GptConfig bias(boolean v) {
        bias = v;
        return this;
    }

    /** Dropout on the embeddings and on each residual branch during training (default 0). */
    public GptConfig dropout(double v) {
        dropout = v;
        return this;
    }

    /**
     * Dropout on the attention probabilities during training (default 0; GPT-2's attn_pdrop). A
     * non-zero rate makes training take the unfused attention path, which is slower.
     */
    public GptConfig attentionDropout(double v) {
        attentionDropout = v;
        return this;
    }

    /**
     * The standard deviation of the normal initialization of embeddings and projections (default
     * 0.02); the residual output projections use {@code initStd / sqrt(2 · layers)}.
     */
    public GptConfig initStd(double v) {
        initStd = v;
        return this;
    }

    // ---------------------------------------------------------------- getters

    /** The number of token ids. */
    public int vocabSize() {
        return vocabSize;
    }

    /** The longest sequence the model reads. */
    public int contextLength() {
        return contextLength;
    }

    /** The width of the residual stream. */
    public int dModel() {
        return dModel;
    }

    /** The number of blocks. */
    public int layers() {
        return layers;
    }

    /** The number of query heads. */
    public int heads() {
        return heads;
    }

    /** The number of key/value heads. */
    public int kvHeads() {
        return kvHeads;
    }

    /** The width of one head. */
    public int headDim() {
        return dModel / heads;
    }

    /** The MLP's hidden width. */
    public int mlpHidden() {
        return mlpHidden;
    }

    /** The normalization. */
    public Norm norm() {
        return norm;
    }

    /** The normalizations' epsilon. */
    public double normEps() {
        return normEps;
    }

    /** Learned or rotary positions. */
    public Positions positions() {
        return positions;
    }

    /** The rotary base. */
    public double ropeTheta() {
        return ropeTheta;
    }

    /** The MLP activation. */
    public Activation activation() {
        return activation;
    }

    /** Whether the output projection is the token embedding. */
    public boolean tieEmbeddings() {
        return tieEmbeddings;
    }

    /** Whether projections and LayerNorms have biases. */
    public boolean bias() {
        return bias;
    }

    /** Embedding and residual dropout. */
    public double dropout() {
        return dropout;
    }

    /** Attention-probability dropout. */
    public double attentionDropout() {
        return attentionDropout;
    }

    /** The initialization's standard deviation. */
    public double initStd() {
        return initStd;
    }

    // ---------------------------------------------------------------- checks and counts

    /**
     * Checks the options together.
     *
     * @throws IllegalArgumentException naming the option, its value and the rule it breaks
     */
    public GptConfig validate() {
        positive("vocab_size", vocabSize);
        positive("context_length", contextLength);
        positive("d_model", dModel);
        positive("n_layer", layers);
        positive("n_head", heads);
        positive("n_kv_head", kvHeads);
        positive("mlp_hidden", mlpHidden);
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("GptConfig: d_model " + dModel + " is not divisible by n_head " + heads);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("GptConfig: n_head " + heads + " is not a multiple of n_kv_head " + kvHeads);
        }
        if (positions == Positions.ROTARY && headDim() % 2 != 0) {
            throw new IllegalArgumentException("GptConfig: rotary positions need an even head width, got "
                    + headDim() + " (d_model " + dModel + " / n_head " + heads + ")");
        }
        rate("dropout", dropout);
        rate("attention_dropout", attentionDropout);
        if (!(normEps > 0) || !(ropeTheta > 0) || !(initStd > 0)) {
            throw new IllegalArgumentException("GptConfig: norm_eps, rope_theta and init_std must be positive, got "
                    + normEps + ", " + ropeTheta + ", " + initStd);
        }
        long params = parameterCount();
        if (params > Integer.MAX_VALUE || (long) vocabSize * dModel > Integer.MAX_VALUE
                || (long) dModel * Math.max(mlpHidden, 3 * dModel) > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("GptConfig: " + params + " parameters is too large for this engine");
        }
        return this;
    }

    private static void positive(String what, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException("GptConfig: " + what + " must be positive, got " + v);
        }
    }

    private static void rate(String what, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException("GptConfig: " + what + " must be in [0, 1), got " + v);
        }
    }

    /** The parameters of one block's attention: the packed q|k|v and the output projections. */
    public long attentionParameters() {
        long d = dModel;
        long qkv = (long) (heads + 2 * kvHeads) * headDim();
        return d * qkv + d * d + (bias ? qkv + d : 0);
    }

    /** The parameters of one block's MLP. */
    public long mlpParameters() {
        long d = dModel;
        long h = mlpHidden;
        if (activation == Activation.SWIGLU) {
            return 3 * d * h + (bias ? 2 * h + d : 0);
        }
        return 2 * d * h + (bias ? h + d : 0);
    }

    /** The parameters of one normalization layer. */
    public long normParameters() {
        return norm == Norm.LAYER_NORM && bias ? 2L * dModel : dModel;
    }

    /** The parameters of the token and (learned) position embeddings. */
    public long embeddingParameters() {
        return (long) vocabSize * dModel + (positions == Positions.LEARNED ? (long) contextLength * dModel : 0);
    }

    /** The number of parameters of a model of this shape (tied embeddings counted once). */
    public long parameterCount() {
        long block = attentionParameters() + mlpParameters() + 2 * normParameters();
        long head = tieEmbeddings ? 0 : (long) dModel * vocabSize;
        return embeddingParameters() + layers * block + normParameters() + head;
    }

    // ---------------------------------------------------------------- JSON form

    /** The options as JSON-compatible values (Hugging Face's names where they exist). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vocab_size", vocabSize);
        m.put("n_positions", contextLength);
        m.put("n_embd", dModel);
        m.put("n_layer", layers);
        m.put("n_head", heads);
        m.put("num_key_value_heads", kvHeads);
        m.put("n_inner", mlpHidden);
        m.put("norm", norm.name().toLowerCase(Locale.ROOT));
        m.put("norm_eps", normEps);
        m.put("positions", positions.name().toLowerCase(Locale.ROOT));
        m.put("rope_theta", ropeTheta);
        m.put("activation", activation.name().toLowerCase(Locale.ROOT));
        m.put("tie_word_embeddings", tieEmbeddings);
        m.put("bias", bias);
        m.put("dropout", dropout);
        m.put("attention_dropout", attentionDropout);
        m.put("initializer_range", initStd);
        return m;
    }

    /**
     * A configuration from {@link #toMap()}; missing keys keep the defaults.
     *
     * @throws IllegalArgumentException naming the key when a value has the wrong type or is unknown
     */
    public static GptConfig fromMap(Map<String, ?> m) {
        GptConfig c = new GptConfig();
        c.vocabSize = integer(m, "vocab_size", c.vocabSize);
        c.contextLength = integer(m, "n_positions", c.contextLength);
        c.dModel = integer(m, "n_embd", c.dModel);
        c.layers = integer(m, "n_layer", c.layers);
        c.heads = integer(m, "n_head", c.heads);
        c.kvHeads = integer(m, "num_key_value_heads", c.heads);
        c.mlpHidden = integer(m, "n_inner", c.mlpHidden);
        c.norm = choice(m, "norm", Norm.class, c.norm);
        c.normEps = number(m, "norm_eps", c.normEps);
        c.positions = choice(m, "positions", Positions.class, c.positions);
        c.ropeTheta = number(m, "rope_theta", c.ropeTheta);
        c.activation = choice(m, "activation", Activation.class, c.activation);
        c.tieEmbeddings = bool(m, "tie_word_embeddings", c.tieEmbeddings);
        c.bias = bool(m, "bias", c.bias);
        c.dropout = number(m, "dropout", c.dropout);
        c.attentionDropout = number(m, "attention_dropout", c.attentionDropout);
        c.initStd = number(m, "initializer_range", c.initStd);
        return c;
    }

    private static int integer(Map<String, ?> m, String key, int dflt) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("GptConfig: '" + key + "' must be an integer, got " + v);
        }
        return n.intValue();
    }

    private static double number(Map<String, ?> m, String key, double dflt) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("GptConfig: '" + key + "' must be a number, got " + v);
        }
        return n.doubleValue();
    }

    private static boolean bool(Map<String, ?> m, String key, boolean dflt) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("GptConfig: '" + key + "' must be true or false, got " + v);
        }
        return b;
    }

    private static <E extends Enum<E>> E choice(Map<String, ?> m, String key, Class<E> type, E dflt) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(String.valueOf(v))) {
                return e;
            }
        }
        StringBuilder known = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            known.append(known.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("GptConfig: unknown " + key + " '" + v + "' (known: " + known + ")");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GptConfig c && toMap().equals(c.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "GptConfig" + toMap();
    }
}
