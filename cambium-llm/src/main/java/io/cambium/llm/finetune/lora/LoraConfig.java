package io.cambium.llm.finetune.lora;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The options of a LoRA adapter, with Hugging Face PEFT's names and defaults ({@code LoraConfig}):
 * rank {@code r} (8), {@code lora_alpha} (8), {@code lora_dropout} (0), {@code target_modules},
 * {@code use_rslora} (false: the update is scaled by alpha / r; true: alpha / sqrt(r)).
 *
 * <p>Targets follow PEFT: a list of names matches a layer whose module path equals a name or ends
 * with {@code "." + name} ({@code c_attn}, {@code attn.c_proj}, {@code h.0.mlp.c_fc}); a single
 * regular expression ({@link #targetRegex}) must match the whole path; {@code all-linear} selects
 * every linear layer except the output head. Paths are matched in Hugging Face's naming
 * ({@code transformer.h.0.attn.c_attn}) and in Cambium's ({@code h.0.attn.c_attn}).
 */
public final class LoraConfig {
    /** PEFT's shorthand for every linear layer but the output projection. */
    public static final String ALL_LINEAR = "all-linear";

    private int r = 8;
    private double alpha = 8;
    private double dropout = 0;
    private boolean rslora;
    private List<String> targets = List.of();
    private String targetRegex;

    /** Rank of the update (PEFT's {@code r}, default 8). */
    public LoraConfig r(int rank) {
        if (rank <= 0) {
            throw new IllegalArgumentException("LoRA rank r must be positive, got " + rank);
        }
        this.r = rank;
        return this;
    }

    /** The update's scale numerator (PEFT's {@code lora_alpha}, default 8). */
    public LoraConfig alpha(double a) {
        if (!(a > 0) || Double.isInfinite(a)) {
            throw new IllegalArgumentException("LoRA alpha must be positive and finite, got " + a);
        }
        this.alpha = a;
        return this;
    }

    /** Dropout on the adapter's input while training (PEFT's {@code lora_dropout}, default 0). */
    public LoraConfig dropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("LoRA dropout must be in [0, 1), got " + p);
        }
        this.dropout = p;
        return this;
    }

    /** Rank-stabilized scaling alpha / sqrt(r) instead of alpha / r (PEFT's {@code use_rslora}). */
    public LoraConfig useRslora(boolean on) {
        this.rslora = on;
        return this;
    }

    /** Target layers by name or path suffix ({@code "c_attn", "attn.c_proj"}) or {@link #ALL_LINEAR}. */
    public LoraConfig targetModules(String... names) {
        return targetModules(List.of(names));
    }

    /** Target layers by name or path suffix. */
    public LoraConfig targetModules(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("LoRA needs at least one target module");
        }
        for (String n : names) {
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("LoRA target module names must not be empty: " + names);
            }
        }
        this.targets = List.copyOf(names);
        this.targetRegex = null;
        return this;
    }

    /** Target layers whose whole path matches this regular expression (PEFT's string form). */
    public LoraConfig targetRegex(String regex) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("LoRA target regex '" + regex + "' is invalid: " + e.getDescription());
        }
        this.targetRegex = regex;
        this.targets = List.of();
        return this;
    }

    /** The rank. */
    public int r() {
        return r;
    }

    /** The scale numerator lora_alpha. */
    public double alpha() {
        return alpha;
    }

    /** The adapter-input dropout rate. */
    public double dropout() {
        return dropout;
    }

    /** Whether the scale is alpha / sqrt(r). */
    public boolean useRslora() {
        return rslora;
    }

    /** The target names (empty when a regex is used). */
    public List<String> targetModules() {
        return targets;
    }

    /** The target regex, or {@code null}. */
    public String targetRegex() {
        return targetRegex;
    }

    /** The factor of the update {@code x·A·B}: alpha / r (or alpha / sqrt(r) with rsLoRA). */
    public double scaling() {
        return rslora ? alpha / Math.sqrt(r) : alpha / r;
    }

    /** Whether the pattern {@code name} (one of the list) selects the layer at {@code path}. */
    static boolean suffixMatch(String path, String name) {
        return path.equals(name) || path.endsWith("." + name);
    }

    /**
     * Parses the command-line form {@code r=8,alpha=16,dropout=0.05,targets=c_attn,attn.c_proj}:
     * comma-separated {@code key=value} pairs, where an item without {@code =} adds to the
     * previous key's list (only {@code targets} takes several). Keys: r, alpha, dropout,
     * targets, regex, rslora.
     *
     * @throws IllegalArgumentException naming the item when a key is unknown or a value is bad
     */
    public static LoraConfig parse(String spec) {
        LoraConfig c = new LoraConfig();
        List<String> targets = new ArrayList<>();
        String last = null;
        for (String raw : spec.split(",")) {
            String item = raw.strip();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq < 0) {
                if (!"targets".equals(last)) {
                    throw new IllegalArgumentException("LoRA option '" + item + "' is not key=value (keys: r, alpha, "
                            + "dropout, targets, regex, rslora)");
                }
                targets.add(item);
                continue;
            }
            String key = item.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = item.substring(eq + 1).strip();
            last = key;
            try {
                switch (key) {
                    case "r", "rank" -> c.r(Integer.parseInt(value));
                    case "alpha", "lora_alpha" -> c.alpha(Double.parseDouble(value));
                    case "dropout", "lora_dropout" -> c.dropout(Double.parseDouble(value));
                    case "rslora", "use_rslora" -> c.useRslora(Boolean.parseBoolean(value));
                    case "targets", "target_modules" -> targets.add(value);
                    case "regex" -> c.targetRegex(value);
                    default -> throw new IllegalArgumentException("unknown LoRA option '" + key
                            + "' (keys: r, alpha, dropout, targets, regex, rslora)");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("LoRA option " + key + ": '" + value + "' is not a number");
            }
        }
        if (!targets.isEmpty()) {
            c.targetModules(targets);
        }
        if (c.targets.isEmpty() && c.targetRegex == null) {
            throw new IllegalArgumentException("LoRA options '" + spec + "' name no targets (add targets=c_attn,...)");
        }
        return c;
    }

    /** PEFT's {@code adapter_config.json} fields for this configuration. */
    public Map<String, Object> toPeftMap(String baseModel) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("peft_type", "LORA");
        m.put("task_type", "CAUSAL_LM");
        m.put("base_model_name_or_path", baseModel);
        m.put("r", r);
        m.put("lora_alpha", alpha == Math.rint(alpha) ? (Object) (long) alpha : (Object) alpha);
        m.put("lora_dropout", dropout);
        m.put("target_modules", targetRegex != null ? targetRegex : targets);
        m.put("bias", "none");
        // GPT-2's Conv1D and Cambium's Dense store kernels [in, out].
        m.put("fan_in_fan_out", true);
        m.put("use_rslora", rslora);
        m.put("init_lora_weights", true);
        m.put("modules_to_save", null);
        m.put("inference_mode", true);
        return m;
    }

    /**
     * The configuration of a PEFT {@code adapter_config.json}.
     *
     * @throws IllegalArgumentException naming the field when it is missing or unsupported
     */
    public static LoraConfig fromPeftMap(Map<String, Object> m) {
        Object type = m.get("peft_type");
        if (!"LORA".equals(type)) {
            throw new IllegalArgumentException("peft_type is " + type + ", only LORA adapters are supported");
        }
        Object bias = m.getOrDefault("bias", "none");
        if (!"none".equals(bias)) {
            throw new IllegalArgumentException("bias '" + bias + "' is not supported (only \"none\")");
        }
        Object save = m.get("modules_to_save");
        if (save instanceof List<?> l && !l.isEmpty()) {
            throw new IllegalArgumentException("modules_to_save " + l + " is not supported");
        }
        LoraConfig c = new LoraConfig();
        c.r(number(m, "r").intValue());
        c.alpha(number(m, "lora_alpha").doubleValue());
        if (m.get("lora_dropout") != null) {
            c.dropout(number(m, "lora_dropout").doubleValue());
        }
        c.useRslora(Boolean.TRUE.equals(m.get("use_rslora")));
        Object t = m.get("target_modules");
        if (t instanceof String s) {
            if (s.equals(ALL_LINEAR)) {
                c.targetModules(ALL_LINEAR);
            } else {
                c.targetRegex(s);
            }
        } else if (t instanceof List<?> l) {
            List<String> names = new ArrayList<>();
            for (Object o : l) {
                names.add(String.valueOf(o));
            }
            c.targetModules(names);
        } else {
            throw new IllegalArgumentException("target_modules is missing or not a list or string: " + t);
        }
        return c;
    }

    private static Number number(Map<String, Object> m, String key) {
        Object o = m.get(key);
        if (!(o instanceof Number n)) {
            throw new IllegalArgumentException("'" + key + "' is missing or not a number: " + o);
        }
        return n;
    }

    /** A copy. */
    public LoraConfig copy() {
        LoraConfig c = new LoraConfig();
        c.r = r;
        c.alpha = alpha;
        c.dropout = dropout;
        c.rslora = rslora;
        c.targets = targets;
        c.targetRegex = targetRegex;
        return c;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LoRA r=%d alpha=%s dropout=%s targets=%s", r, alpha, dropout,
                targetRegex != null ? "/" + targetRegex + "/" : String.join(",", targets));
    }
}
