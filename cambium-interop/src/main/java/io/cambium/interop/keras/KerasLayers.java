package io.cambium.interop.keras;

import io.cambium.nn.InvalidConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates one Keras layer config (Keras 2 or 3) into the Cambium config of the same layer.
 * Every Keras key is mapped explicitly: copied when Cambium has the option under the same name,
 * converted where the forms differ (batch shapes, nested {@code module}/{@code class_name}
 * objects, padding tuples), accepted and ignored where Keras's value does not change what the
 * model computes or how it trains (dtype float32, seeds, {@code unroll}, Keras's default
 * initializers on layers whose Cambium config has none), and rejected otherwise with the key's path.
 */
final class KerasLayers {
    private KerasLayers() {
    }

    /** Translated {@code {"class_name": ..., "config": ...}}. */
    record Translated(String className, Map<String, Object> config) {
    }

    static Translated translate(String cls, Map<String, Object> kerasConfig, String path) {
        KerasKeys k = new KerasKeys(kerasConfig, path, cls + " '" + kerasConfig.getOrDefault("name", "?") + "'");
        Map<String, Object> c = new LinkedHashMap<>();
        String out = cls;
        switch (cls) {
            case "InputLayer" -> inputLayer(k, c);
            case "Dense" -> dense(k, c);
            case "Activation" -> {
                common(k, c);
                c.put("activation", activation(k, "activation"));
            }
            case "ReLU" -> {
                out = "Activation";
                common(k, c);
                Object max = k.take("max_value");
                k.ignoreIf("negative_slope", 0.0, "(a leaky ReLU: use LeakyReLU)");
                k.ignoreIf("threshold", 0.0, "(a thresholded ReLU has no Cambium equivalent)");
                if (max == null) {
                    c.put("activation", "relu");
                } else if (max instanceof Number n && n.doubleValue() == 6.0) {
                    c.put("activation", "relu6");
                } else {
                    throw k.error("max_value", max, "is supported as null (relu) or 6 (relu6)");
                }
            }
            case "Softmax" -> {
                out = "Activation";
                common(k, c);
                k.ignoreIf("axis", -1, "(softmax over the last axis only)");
                c.put("activation", "softmax");
            }
            case "LeakyReLU" -> {
                common(k, c);
                // Keras 2 called the slope alpha (default 0.3), Keras 3 negative_slope (default 0.3).
                Object a = k.has("alpha") ? k.take("alpha") : k.take("negative_slope");
                c.put("negative_slope", a == null ? 0.3 : a);
            }
            case "ELU" -> {
                common(k, c);
                k.copy("alpha", c);
            }
            case "PReLU" -> {
                common(k, c);
                defaultInitializer(k, "alpha_initializer", "Zeros");
                nullOnly(k, "alpha_regularizer", "alpha_constraint");
                k.ignore("shared_axes", v -> v == null, "(shared slopes have no Cambium equivalent)");
            }
            case "Dropout" -> {
                common(k, c);
                k.copy("rate", c);
                k.copy("noise_shape", c);
                k.ignoreAny("seed");
            }
            case "SpatialDropout1D", "SpatialDropout2D" -> {
                out = "SpatialDropout";
                common(k, c);
                k.copy("rate", c);
                dataFormat(k);
                k.ignoreAny("seed");
            }
            case "GaussianNoise" -> {
                common(k, c);
                k.copy("stddev", c);
                k.ignoreAny("seed");
            }
            case "Flatten" -> {
                common(k, c);
                dataFormat(k);
            }
            case "Reshape" -> {
                common(k, c);
                c.put("target_shape", ints(k, "target_shape"));
            }
            case "Permute" -> {
                common(k, c);
                c.put("dims", ints(k, "dims"));
            }
            case "RepeatVector" -> {
                common(k, c);
                k.copy("n", c);
            }
            case "Conv1D", "Conv2D", "Conv2DTranspose" -> conv(k, c, cls);
            case "DepthwiseConv2D" -> depthwise(k, c);
            case "SeparableConv2D" -> separable(k, c);
            case "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D" -> {
                common(k, c);
                c.put("pool_size", ints(k, "pool_size"));
                Object s = k.take("strides");
                if (s != null) {
                    c.put("strides", asList(s));
                }
                k.copy("padding", c);
                dataFormat(k);
            }
            case "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D" -> {
                common(k, c);
                k.copy("keepdims", c);
                dataFormat(k);
            }
            case "BatchNormalization" -> batchNorm(k, c);
            case "LayerNormalization" -> layerNorm(k, c);
            case "Embedding" -> embedding(k, c);
            case "SimpleRNN", "LSTM", "GRU" -> recurrent(k, c, cls);
            case "Bidirectional" -> bidirectional(k, c, path);
            case "TimeDistributed" -> {
                common(k, c);
                c.put("layer", nested(k, "layer", path));
            }
            case "MultiHeadAttention" -> attention(k, c);
            case "Add", "Subtract", "Multiply", "Average" -> common(k, c);
            case "Concatenate" -> {
                common(k, c);
                k.copy("axis", c);
            }
            case "ZeroPadding2D", "Cropping2D" -> {
                common(k, c);
                String key = cls.equals("ZeroPadding2D") ? "padding" : "cropping";
                c.put(key, fourSides(k, key));
                dataFormat(k);
            }
            case "UpSampling2D" -> {
                common(k, c);
                c.put("size", pair(k, "size"));
                k.ignoreIf("interpolation", "nearest", "(only nearest-neighbour upsampling)");
                dataFormat(k);
            }
            case "Rescaling" -> {
                common(k, c);
                k.copy("scale", c);
                k.copy("offset", c);
            }
            default -> throw new InvalidConfigException("Keras layer class '" + cls + "' (at " + path
                    + ") has no Cambium equivalent");
        }
        k.finish();
        return new Translated(out, c);
    }

    // ---------------------------------------------------------------- shared keys

    private static boolean float32(Object v) {
        if (v == null || "float32".equals(v)) {
            return true;
        }
        if (v instanceof Map<?, ?> m && m.get("config") instanceof Map<?, ?> cfg) {
            // Keras 3's DTypePolicy, Keras 2's Policy: {"class_name": ..., "config": {"name": "float32"}}
            return "float32".equals(cfg.get("name"));
        }
        return false;
    }

    /** Keys every layer may carry. */
    static void common(KerasKeys k, Map<String, Object> c) {
        k.copy("name", c);
        k.copy("trainable", c);
        k.ignore("dtype", KerasLayers::float32, "(Cambium computes in float32; other dtype policies change the numbers)");
        Object batchShape = k.has("batch_input_shape") ? k.take("batch_input_shape") : k.take("batch_shape");
        if (batchShape != null) {
            List<?> l = (List<?>) batchShape;
            c.put("input_shape", dims(l.subList(1, l.size())));
        }
        Object inputShape = k.take("input_shape");
        if (inputShape != null && !c.containsKey("input_shape")) {
            c.put("input_shape", dims((List<?>) inputShape));
        }
        k.ignoreAny("batch_size");
        Object ar = k.take("activity_regularizer");
        if (ar != null) {
            c.put("activity_regularizer", KerasObjects.regularizer(ar, k.pathOf("activity_regularizer")));
        }
    }

    /** Shape entries with -1 for Keras's null. */
    static List<Integer> dims(List<?> l) {
        List<Integer> out = new ArrayList<>();
        for (Object o : l) {
            out.add(o == null ? -1 : ((Number) o).intValue());
        }
        return out;
    }

    private static void inputLayer(KerasKeys k, Map<String, Object> c) {
        k.copy("name", c);
        k.ignore("dtype", v -> v == null || float32(v) || "int32".equals(v) || "int64".equals(v),
                "(float32 or integer ids only)");
        Object shape = k.has("batch_input_shape") ? k.take("batch_input_shape") : k.take("batch_shape");
        if (shape == null) {
            throw k.error("has neither batch_input_shape (Keras 2) nor batch_shape (Keras 3)");
        }
        List<?> l = (List<?>) shape;
        c.put("shape", dims(l.subList(1, l.size())));
        k.ignoreIf("sparse", false, "(sparse inputs have no Cambium equivalent)");
        k.ignoreIf("ragged", false, "(ragged inputs have no Cambium equivalent)");
        k.ignoreIf("optional", false, "(optional inputs have no Cambium equivalent)");
        k.ignore("input_tensor", v -> v == null, "(an existing tensor cannot be an input here)");
        k.ignoreAny("batch_size");
    }

    static String activation(KerasKeys k, String key) {
        Object a = k.take(key);
        if (a == null) {
            return "linear";
        }
        if (a instanceof Map<?, ?> m) {
            // Keras 3 may write a registered function as an object; its name is what matters.
            Object cfg = m.get("config");
            a = cfg instanceof String s ? s : m.get("class_name");
        }
        if (!(a instanceof String s)) {
            throw k.error(key, a, "must name an activation");
        }
        return s;
    }

    static void dataFormat(KerasKeys k) {
        k.ignore("data_format", v -> v == null || "channels_last".equals(v),
                "(Cambium's layers are channels-last; convert channels_first models by permuting their inputs)");
    }

    static void nullOnly(KerasKeys k, String... keys) {
        for (String key : keys) {
            k.ignore(key, v -> v == null, "is not carried by this Cambium layer's config; set it in code after loading");
        }
    }

    /** Accepts an initializer only when it is Keras's default, which is also Cambium's. */
    static void defaultInitializer(KerasKeys k, String key, String kerasDefault) {
        k.ignore(key, v -> v == null || KerasObjects.isInitializer(v, kerasDefault),
                "is not Keras's default (" + kerasDefault + ") and this Cambium layer's config does not carry"
                        + " initializers; set it in code to train from scratch as Keras would");
    }

    static List<Integer> ints(KerasKeys k, String key) {
        Object v = k.take(key);
        if (v == null) {
            throw k.error(key, null, "is required");
        }
        return dims(asList(v));
    }

    static List<?> asList(Object v) {
        return v instanceof List<?> l ? l : List.of(v);
    }

    private static List<Integer> pair(KerasKeys k, String key) {
        List<?> l = asList(k.take(key));
        return dims(l.size() == 1 ? List.of(l.get(0), l.get(0)) : l);
    }

    /** Keras's int, (sym_h, sym_w) or ((top, bottom), (left, right)) as Cambium's [top, bottom, left, right]. */
    private static List<Integer> fourSides(KerasKeys k, String key) {
        Object v = k.take(key);
        List<?> l = asList(v);
        if (l.size() == 1) {
            int p = ((Number) l.get(0)).intValue();
            return List.of(p, p, p, p);
        }
        if (l.get(0) instanceof List<?> a && l.get(1) instanceof List<?> b) {
            return dims(List.of(a.get(0), a.get(1), b.get(0), b.get(1)));
        }
        int h = ((Number) l.get(0)).intValue();
        int w = ((Number) l.get(1)).intValue();
        return List.of(h, h, w, w);
    }

    // ---------------------------------------------------------------- layers

    private static void dense(KerasKeys k, Map<String, Object> c) {
        common(k, c);
        k.copy("units", c);
        c.put("activation", activation(k, "activation"));
        k.copy("use_bias", c);
        KerasObjects.copyInitializer(k, "kernel_initializer", c);
        KerasObjects.copyInitializer(k, "bias_initializer", c);
        KerasObjects.copyRegularizer(k, "kernel_regularizer", c);
        KerasObjects.copyRegularizer(k, "bias_regularizer", c);
        nullOnly(k, "kernel_constraint", "bias_constraint");
        k.ignore("lora_rank", v -> v == null, "(LoRA is a Cambium wrapper, not a Dense option)");
        k.ignore("quantization_config", v -> v == null, "(quantized Dense layers are not read)");
        Object inputDim = k.take("input_dim");
        if (inputDim != null && !c.containsKey("input_shape")) {
            c.put("input_shape", List.of(((Number) inputDim).intValue()));
        }
    }

    private static void convCommon(KerasKeys k, Map<String, Object> c) {
        common(k, c);
        c.put("kernel_size", ints(k, "kernel_size"));
        Object s = k.take("strides");
        if (s != null) {
            c.put("strides", dims(asList(s)));
        }
        k.copy("padding", c);
        dataFormat(k);
        Object d = k.take("dilation_rate");
        if (d != null) {
            c.put("dilation_rate", dims(asList(d)));
        }
        c.put("activation", activation(k, "activation"));
        k.copy("use_bias", c);
        defaultInitializer(k, "bias_initializer", "Zeros");
        nullOnly(k, "bias_regularizer", "bias_constraint");
        k.ignore("lora_rank", v -> v == null, "(LoRA is a Cambium wrapper)");
    }

    private static void conv(KerasKeys k, Map<String, Object> c, String cls) {
        convCommon(k, c);
        k.copy("filters", c);
        k.copy("groups", c);
        defaultInitializer(k, "kernel_initializer", "GlorotUniform");
        nullOnly(k, "kernel_regularizer", "kernel_constraint");
        if (cls.equals("Conv2DTranspose")) {
            Object op = k.take("output_padding");
            if (op != null) {
                c.put("output_padding", dims(asList(op).size() == 1 ? List.of(asList(op).get(0), asList(op).get(0))
                        : asList(op)));
            }
        }
    }

    private static void depthwise(KerasKeys k, Map<String, Object> c) {
        convCommon(k, c);
        k.copy("depth_multiplier", c);
        defaultInitializer(k, "depthwise_initializer", "GlorotUniform");
        nullOnly(k, "depthwise_regularizer", "depthwise_constraint", "kernel_regularizer", "kernel_constraint");
        // Keras 3 writes filters/kernel_initializer on DepthwiseConv2D as None.
        k.ignore("filters", v -> v == null, "(a depthwise convolution has no filters option)");
        defaultInitializer(k, "kernel_initializer", "GlorotUniform");
        k.ignoreIf("groups", 1, "(groups are fixed by the channel count)");
    }

    private static void separable(KerasKeys k, Map<String, Object> c) {
        convCommon(k, c);
        k.copy("filters", c);
        k.copy("depth_multiplier", c);
        defaultInitializer(k, "depthwise_initializer", "GlorotUniform");
        defaultInitializer(k, "pointwise_initializer", "GlorotUniform");
        nullOnly(k, "depthwise_regularizer", "pointwise_regularizer", "depthwise_constraint", "pointwise_constraint",
                "kernel_regularizer", "kernel_constraint");
        defaultInitializer(k, "kernel_initializer", "GlorotUniform");
        k.ignoreIf("groups", 1, "(not an option of a separable convolution)");
    }

    private static void batchNorm(KerasKeys k, Map<String, Object> c) {
        common(k, c);
        Object axis = k.take("axis");
        if (axis instanceof List<?> l) {
            if (l.size() != 1) {
                throw k.error("axis", axis, "must be one axis");
            }
            axis = l.get(0);
        }
        if (axis != null) {
            c.put("axis", axis);
        }
        k.copy("momentum", c);
        k.copy("epsilon", c);
        k.copy("center", c);
        k.copy("scale", c);
        defaultInitializer(k, "beta_initializer", "Zeros");
        defaultInitializer(k, "gamma_initializer", "Ones");
        defaultInitializer(k, "moving_mean_initializer", "Zeros");
        defaultInitializer(k, "moving_variance_initializer", "Ones");
        nullOnly(k, "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint");
        k.ignoreIf("synchronized", false, "(cross-replica statistics have no meaning on one machine)");
        // Keras 2 renorm options: only their off state is read.
        k.ignoreIf("renorm", false, "(batch renormalization is not supported)");
        k.ignoreAny("renorm_clipping", "renorm_momentum");
        k.ignore("virtual_batch_size", v -> v == null, "(ghost batch normalization is not supported)");
        k.ignore("adjustment", v -> v == null, "(not supported)");
        k.ignoreAny("fused");
    }

    private static void layerNorm(KerasKeys k, Map<String, Object> c) {
        common(k, c);
        Object axis = k.take("axis");
        if (axis != null) {
            c.put("axis", asList(axis));
        }
        k.copy("epsilon", c);
        k.copy("center", c);
        k.copy("scale", c);
        k.ignoreIf("rms_scaling", false, "(RMS normalization is a different layer)");
        defaultInitializer(k, "beta_initializer", "Zeros");
        defaultInitializer(k, "gamma_initializer", "Ones");
        nullOnly(k, "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint");
    }

    private static void embedding(KerasKeys k, Map<String, Object> c) {
        common(k, c);
        k.copy("input_dim", c);
        k.copy("output_dim", c);
        k.copy("mask_zero", c);
        defaultInitializer(k, "embeddings_initializer", "RandomUniform");
        nullOnly(k, "embeddings_regularizer", "embeddings_constraint");
        k.ignoreIf("sparse", false, "(sparse gradients are not supported)");
        k.ignore("lora_rank", v -> v == null, "(LoRA is a Cambium wrapper)");
        Object len = k.take("input_length");
        if (len != null && !c.containsKey("input_shape")) {
            c.put("input_shape", List.of(((Number) len).intValue()));
        }
    }

    private static void recurrent(KerasKeys k, Map<String, Object> c, String cls) {
        common(k, c);
        k.copy("units", c);
        c.put("activation", activation(k, "activation"));
        if (!cls.equals("SimpleRNN")) {
            c.put("recurrent_activation", activation(k, "recurrent_activation"));
        }
        k.copy("use_bias", c);
        k.copy("return_sequences", c);
        k.copy("return_state", c);
        k.copy("go_backwards", c);
        k.copy("stateful", c);
        k.copy("dropout", c);
        k.copy("recurrent_dropout", c);
        if (cls.equals("LSTM")) {
            k.copy("unit_forget_bias", c);
        }
        if (cls.equals("GRU")) {
            k.copy("reset_after", c);
        }
        defaultInitializer(k, "kernel_initializer", "GlorotUniform");
        defaultInitializer(k, "recurrent_initializer", "Orthogonal");
        defaultInitializer(k, "bias_initializer", "Zeros");
        nullOnly(k, "kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "kernel_constraint",
                "recurrent_constraint", "bias_constraint");
        // Execution strategies with the same mathematics.
        k.ignoreAny("unroll", "implementation", "use_cudnn", "seed");
        k.ignoreIf("time_major", false, "(time-major inputs are not supported; inputs are (batch, time, features))");
        k.ignoreAny("zero_output_for_mask");
    }

    private static Map<String, Object> nested(KerasKeys k, String key, String path) {
        Object v = k.take(key);
        if (!(v instanceof Map<?, ?> m)) {
            throw k.error(key, v, "must be a layer object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) m;
        Translated t = KerasConfig.layerObject(inner, k.pathOf(key));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", t.className());
        out.put("config", t.config());
        return out;
    }

    private static void bidirectional(KerasKeys k, Map<String, Object> c, String path) {
        common(k, c);
        Map<String, Object> inner = nested(k, "layer", path);
        c.put("layer", inner);
        Object mode = k.take("merge_mode");
        if (mode == null) {
            throw k.error("merge_mode", null, "None (a list of both outputs) is not supported");
        }
        c.put("merge_mode", mode);
        Object back = k.take("backward_layer");
        if (back != null) {
            // Keras writes the backward copy it made; only a plain reversed copy of the forward layer is read.
            @SuppressWarnings("unchecked")
            Map<String, Object> b = (Map<String, Object>) ((Map<String, Object>) back).get("config");
            @SuppressWarnings("unchecked")
            Map<String, Object> f = (Map<String, Object>) inner.get("config");
            if (b == null || f == null || !java.util.Objects.equals(b.get("units"), f.get("units"))) {
                throw k.error("backward_layer", back, "must be the reversed copy of the forward layer");
            }
        }
    }

    private static void attention(KerasKeys k, Map<String, Object> c) {
        common(k, c);
        k.copy("num_heads", c);
        k.copy("key_dim", c);
        k.copy("value_dim", c);
        k.copy("dropout", c);
        k.copy("use_bias", c);
        Object os = k.take("output_shape");
        if (os != null) {
            List<?> l = asList(os);
            if (l.size() != 1) {
                throw k.error("output_shape", os, "must be one size (the last axis)");
            }
            c.put("output_shape", l.get(0));
        }
        k.ignore("attention_axes", v -> v == null || (v instanceof List<?> l && l.size() == 1
                && ((Number) l.get(0)).intValue() == 1), "(attention over the sequence axis only)");
        KerasObjects.copyInitializer(k, "kernel_initializer", c);
        KerasObjects.copyInitializer(k, "bias_initializer", c);
        nullOnly(k, "kernel_regularizer", "bias_regularizer", "kernel_constraint", "bias_constraint");
        k.ignoreAny("seed", "flash_attention");
        // Keras 2.x records the shapes it was built with; Cambium infers them from the inputs.
        k.ignoreAny("query_shape", "key_shape", "value_shape");
    }

    /** The layer classes this translator reads. */
    static final Set<String> SUPPORTED = Set.of("InputLayer", "Dense", "Activation", "ReLU", "Softmax", "LeakyReLU",
            "ELU", "PReLU", "Dropout", "SpatialDropout1D", "SpatialDropout2D", "GaussianNoise", "Flatten", "Reshape",
            "Permute", "RepeatVector", "Conv1D", "Conv2D", "Conv2DTranspose", "DepthwiseConv2D", "SeparableConv2D",
            "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D", "GlobalAveragePooling1D",
            "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "BatchNormalization",
            "LayerNormalization", "Embedding", "SimpleRNN", "LSTM", "GRU", "Bidirectional", "TimeDistributed",
            "MultiHeadAttention", "Add", "Subtract", "Multiply", "Average", "Concatenate", "ZeroPadding2D",
            "Cropping2D", "UpSampling2D", "Rescaling");
}
