package io.cambium.llm.finetune.hf;

import io.cambium.llm.finetune.ConfigFiles;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.nn.Variable;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.io.SafeTensors;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hugging Face GPT-2 checkpoints ({@code GPT2LMHeadModel}'s {@code config.json} and
 * {@code model.safetensors}) to and from Cambium's {@link Gpt}. The tensors map by name:
 * {@code transformer.h.0.attn.c_attn.weight} (Conv1D, stored {@code [in, out]}, Cambium's Dense
 * layout, so no transpose) is {@code h.0.attn.c_attn/kernel}, {@code .bias} is {@code /bias};
 * LayerNorm {@code weight}/{@code bias} are {@code /gamma}/{@code /beta}; {@code wte.weight} and
 * {@code wpe.weight} are the embedding tables. The {@code transformer.} prefix is optional (the
 * original GPT-2 files lack it); {@code lm_head.weight}, when present, must equal the tied token
 * table; the causal-mask buffers {@code attn.bias} / {@code attn.masked_bias} are skipped.
 *
 * <p>Options that change the computation and are not implemented ({@code scale_attn_by_inverse_layer_idx},
 * {@code add_cross_attention}, activations other than {@code gelu_new} and {@code gelu}, an untied
 * head) are rejected by name. Loading checks every tensor's name and shape before any weight is
 * written, and every Cambium weight must be present.
 */
public final class HuggingFaceGpt2 {
    /** The configuration file name. */
    public static final String CONFIG = "config.json";
    /** The weights file name. */
    public static final String WEIGHTS = "model.safetensors";

    private HuggingFaceGpt2() {
    }

    /** Whether {@code dir} looks like a Hugging Face checkpoint (config.json and model.safetensors). */
    public static boolean isCheckpoint(Path dir) {
        return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve(CONFIG))
                && Files.isRegularFile(dir.resolve(WEIGHTS));
    }

    /**
     * The Cambium shape of a GPT-2 {@code config.json}.
     *
     * @throws IllegalArgumentException naming the field when it is missing or unsupported
     */
    public static GptConfig config(Map<String, Object> c) {
        Object type = c.get("model_type");
        if (type != null && !"gpt2".equals(type)) {
            throw new IllegalArgumentException("model_type is '" + type + "', not gpt2");
        }
        if (Boolean.TRUE.equals(c.get("scale_attn_by_inverse_layer_idx"))) {
            throw new IllegalArgumentException("scale_attn_by_inverse_layer_idx is not supported");
        }
        if (Boolean.TRUE.equals(c.get("add_cross_attention"))) {
            throw new IllegalArgumentException("add_cross_attention is not supported");
        }
        if (Boolean.FALSE.equals(c.get("scale_attn_weights"))) {
            throw new IllegalArgumentException("scale_attn_weights = false is not supported");
        }
        if (Boolean.FALSE.equals(c.get("tie_word_embeddings"))) {
            throw new IllegalArgumentException("an untied lm_head (tie_word_embeddings = false) is not supported");
        }
        String act = String.valueOf(c.getOrDefault("activation_function", "gelu_new"));
        GptConfig.Activation a = switch (act) {
            case "gelu_new", "gelu_pytorch_tanh" -> GptConfig.Activation.GELU_TANH;
            case "gelu" -> GptConfig.Activation.GELU;
            default -> throw new IllegalArgumentException("activation_function '" + act
                    + "' is not supported (gelu_new, gelu_pytorch_tanh, gelu)");
        };
        int d = integer(c, "n_embd");
        Object inner = c.get("n_inner");
        return new GptConfig().vocabSize(integer(c, "vocab_size")).contextLength(integer(c, "n_positions")).dModel(d)
                .layers(integer(c, "n_layer")).heads(integer(c, "n_head"))
                .mlpHidden(inner == null ? 4 * d : integer(c, "n_inner")).norm(GptConfig.Norm.LAYER_NORM)
                .normEps(c.get("layer_norm_epsilon") instanceof Number n ? n.doubleValue() : 1e-5)
                .positions(GptConfig.Positions.LEARNED).activation(a).tieEmbeddings(true).bias(true).dropout(0)
                .initStd(c.get("initializer_range") instanceof Number n ? n.doubleValue() : 0.02).validate();
    }

    private static int integer(Map<String, Object> c, String key) {
        Object o = c.get(key);
        if (!(o instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() <= 0) {
            throw new IllegalArgumentException("'" + key + "' is missing or not a positive integer: " + o);
        }
        return n.intValue();
    }

    /** GPT-2's config.json for a Cambium GPT of GPT-2's architecture. */
    public static Map<String, Object> toConfig(GptConfig g) {
        check(g);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("architectures", List.of("GPT2LMHeadModel"));
        c.put("model_type", "gpt2");
        c.put("vocab_size", g.vocabSize());
        c.put("n_positions", g.contextLength());
        c.put("n_ctx", g.contextLength());
        c.put("n_embd", g.dModel());
        c.put("n_layer", g.layers());
        c.put("n_head", g.heads());
        c.put("n_inner", g.mlpHidden());
        c.put("activation_function", g.activation() == GptConfig.Activation.GELU ? "gelu" : "gelu_new");
        c.put("layer_norm_epsilon", g.normEps());
        c.put("initializer_range", g.initStd());
        c.put("resid_pdrop", g.dropout());
        c.put("embd_pdrop", g.dropout());
        c.put("attn_pdrop", g.attentionDropout());
        c.put("scale_attn_weights", true);
        c.put("tie_word_embeddings", true);
        c.put("torch_dtype", "float32");
        return c;
    }

    private static void check(GptConfig g) {
        List<String> off = new ArrayList<>();
        if (g.norm() != GptConfig.Norm.LAYER_NORM) {
            off.add("RMS normalization");
        }
        if (g.positions() != GptConfig.Positions.LEARNED) {
            off.add("rotary positions");
        }
        if (g.activation() == GptConfig.Activation.SWIGLU) {
            off.add("SwiGLU");
        }
        if (!g.tieEmbeddings()) {
            off.add("an untied head");
        }
        if (!g.bias()) {
            off.add("no biases");
        }
        if (g.kvHeads() != g.heads()) {
            off.add("grouped-query attention");
        }
        if (!off.isEmpty()) {
            throw new IllegalArgumentException("not a GPT-2 architecture: " + String.join(", ", off));
        }
    }

    /**
     * The Cambium variable name of a Hugging Face tensor name (without {@code transformer.}), or
     * {@code null} for buffers that carry no weights.
     */
    static String cambiumName(String hf) {
        if (hf.equals("lm_head.weight") || hf.endsWith(".attn.bias") || hf.endsWith(".attn.masked_bias")) {
            return null;
        }
        int dot = hf.lastIndexOf('.');
        if (dot < 0) {
            return "?" + hf;
        }
        String module = hf.substring(0, dot);
        String kind = hf.substring(dot + 1);
        boolean weight = kind.equals("weight");
        if (!weight && !kind.equals("bias")) {
            return "?" + hf;
        }
        if (module.equals("wte") || module.equals("wpe")) {
            return weight ? module + "/embeddings" : "?" + hf;
        }
        String local = module.substring(module.lastIndexOf('.') + 1);
        if (local.startsWith("ln_")) {
            return module + (weight ? "/gamma" : "/beta");
        }
        return module + (weight ? "/kernel" : "/bias");
    }

    /**
     * Loads a checkpoint directory into a new GPT.
     *
     * @throws InvalidFileException naming the file and tensor when the configuration is unsupported,
     *     a tensor is unknown, missing or of the wrong shape, or the head is not tied
     */
    public static Gpt load(Path dir) throws IOException {
        Path cfgFile = dir.resolve(CONFIG);
        Path weights = dir.resolve(WEIGHTS);
        GptConfig cfg;
        try {
            cfg = config(ConfigFiles.read(cfgFile));
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(cfgFile, e.getMessage(), e);
        }
        Map<String, Tensor> tensors = SafeTensors.readTensors(weights);
        Map<String, Tensor> byName = new LinkedHashMap<>();
        Tensor head = null;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String hf = e.getKey().startsWith("transformer.") ? e.getKey().substring("transformer.".length()) : e.getKey();
            if (hf.equals("lm_head.weight")) {
                head = e.getValue();
                continue;
            }
            String name = cambiumName(hf);
            if (name == null) {
                continue;
            }
            if (byName.put(name, e.getValue()) != null) {
                throw new InvalidFileException(weights, "tensor '" + e.getKey() + "' appears twice (with and without "
                        + "the transformer. prefix)");
            }
        }
        // Seeded, so loading leaves the global generator alone; every weight is overwritten below.
        Gpt gpt = Gpt.withSeed(cfg, 0);
        Set<String> expected = new LinkedHashSet<>();
        for (Variable v : gpt.variables()) {
            expected.add(v.name());
            Tensor t = byName.get(v.name());
            if (t == null) {
                throw new InvalidFileException(weights, "tensor '" + hfName(v.name()) + "' is missing");
            }
            if (!Shape.same(t.shape(), v.shape())) {
                throw new InvalidFileException(weights, "tensor '" + hfName(v.name()) + "' has shape "
                        + Shape.str(t.shape()) + ", config.json's model needs " + Shape.str(v.shape()));
            }
        }
        for (String n : byName.keySet()) {
            if (!expected.contains(n)) {
                throw new InvalidFileException(weights, "tensor '" + (n.startsWith("?") ? n.substring(1) : hfName(n))
                        + "' is not part of a GPT-2 of this configuration");
            }
        }
        if (head != null && !head.equals(byName.get("wte/embeddings")) && !sameValues(head, byName.get("wte/embeddings"))) {
            throw new InvalidFileException(weights, "lm_head.weight differs from transformer.wte.weight: an untied head "
                    + "is not supported");
        }
        for (Variable v : gpt.variables()) {
            v.assign(byName.get(v.name()));
        }
        return gpt;
    }

    private static boolean sameValues(Tensor a, Tensor b) {
        return b != null && Shape.same(a.shape(), b.shape()) && java.util.Arrays.equals(a.data(), b.data());
    }

    /** The Hugging Face name (with {@code transformer.}) of a Cambium variable name. */
    public static String hfName(String cambium) {
        int slash = cambium.indexOf('/');
        String module = cambium.substring(0, slash);
        String kind = cambium.substring(slash + 1);
        String suffix = switch (kind) {
            case "kernel", "gamma", "embeddings" -> "weight";
            default -> "bias";
        };
        return "transformer." + module + "." + suffix;
    }

    /**
     * Writes {@code gpt} as a Hugging Face GPT-2 checkpoint ({@code config.json} and
     * {@code model.safetensors} with {@code GPT2LMHeadModel}'s names; the tied head is not stored,
     * as {@code save_pretrained} does), atomically per file.
     *
     * @throws IllegalArgumentException when the model is not of GPT-2's architecture
     */
    public static void save(Gpt gpt, Path dir) throws IOException {
        GptConfig g = gpt.gptConfig();
        Map<String, Object> cfg = toConfig(g);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Variable v : gpt.variables()) {
            if (v.name().indexOf('/') < 0 || v.name().contains("/lora_")) {
                throw new IllegalArgumentException("variable '" + v.name() + "' has no GPT-2 counterpart (merge or "
                        + "unload adapters first)");
            }
            out.put(hfName(v.name()), v.value());
        }
        Files.createDirectories(dir);
        SafeTensors.write(dir.resolve(WEIGHTS), out, Map.of("format", "pt"));
        ConfigFiles.write(dir.resolve(CONFIG), cfg);
    }
}
