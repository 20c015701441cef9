package io.cambium.llm.finetune.lora;

import java.util.ArrayList;
import java.util.Collections;
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
    private boolean ensureWeightTying;
    private List<String> targets = List.of();
    private String targetRegex;
    private Map<String, Integer> rankPattern = Map.of();
    private Map<String, Double> alphaPattern = Map.of();

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

    /**
     * Whether an adapter on a token table that the output layer is tied to also adapts the output
     * (PEFT's {@code ensure_weight_tying}, default false). PEFT then gives the tied {@code lm_head}
     * a LoRA that shares the embedding adapter's factors; Cambium's tied {@code Gpt} has no
     * {@code lm_head} layer, and {@link LoraEmbedding} applies the same factors to the output
     * itself. Without it the adapter changes the lookup only and the output keeps the frozen table
     * (PEFT's default); such an adapter cannot be merged into the shared table (see
     * {@link LoraModel#merge()}). No effect unless a tied token table is a target.
     */
    public LoraConfig ensureWeightTying(boolean on) {
        this.ensureWeightTying = on;
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

    /**
     * Ranks that differ from {@link #r} by layer (PEFT's {@code rank_pattern}): a key is a regular
     * expression that selects a target whose module name (or Cambium path) matches
     * {@code (.*\.)?(key)} as a whole, as PEFT's {@code get_pattern_key}; the first key in order
     * wins. Example: {@code {"wte": 1}} gives the token table rank 1 and the other targets r.
     */
    public LoraConfig rankPattern(Map<String, Integer> pattern) {
        LinkedHashMap<String, Integer> m = new LinkedHashMap<>();
        pattern.forEach((k, v) -> {
            checkPatternKey("rank_pattern", k);
            if (v == null || v <= 0) {
                throw new IllegalArgumentException("LoRA rank_pattern '" + k + "': the rank must be positive, got " + v);
            }
            m.put(k, v);
        });
        this.rankPattern = Collections.unmodifiableMap(m);
        return this;
    }

    /** Alphas that differ from {@link #alpha} by layer (PEFT's {@code alpha_pattern}; keys as {@link #rankPattern}). */
    public LoraConfig alphaPattern(Map<String, Double> pattern) {
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        pattern.forEach((k, v) -> {
            checkPatternKey("alpha_pattern", k);
            if (v == null || !(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("LoRA alpha_pattern '" + k + "': alpha must be positive, got " + v);
            }
            m.put(k, v);
        });
        this.alphaPattern = Collections.unmodifiableMap(m);
        return this;
    }

    private static void checkPatternKey(String what, String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("LoRA " + what + " keys must not be empty");
        }
        try {
            Pattern.compile(key);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("LoRA " + what + " key '" + key + "' is not a valid regex: "
                    + e.getDescription());
        }
    }

    /** The rank pattern (empty when every target has rank r). */
    public Map<String, Integer> rankPattern() {
        return rankPattern;
    }

    /** The alpha pattern (empty when every target has alpha). */
    public Map<String, Double> alphaPattern() {
        return alphaPattern;
    }

    /** The first key of {@code keys} that matches one of {@code names} as PEFT's get_pattern_key, or null. */
    static String patternKey(java.util.Set<String> keys, String... names) {
        for (String k : keys) {
            Pattern p = Pattern.compile("(.*\\.)?(" + k + ")");
            for (String n : names) {
                if (p.matcher(n).matches()) {
                    return k;
                }
            }
        }
        return null;
    }

    /** The rank of the target with these names (module name, path): from the rank pattern, else r. */
    public int rankFor(String... names) {
        String k = patternKey(rankPattern.keySet(), names);
        return k == null ? r : rankPattern.get(k);
    }

    /** The alpha of the target with these names: from the alpha pattern, else alpha. */
    public double alphaFor(String... names) {
        String k = patternKey(alphaPattern.keySet(), names);
        return k == null ? alpha : alphaPattern.get(k);
    }

    /** The update's factor for the target with these names: its alpha over its rank (or √rank with rsLoRA). */
    public double scalingFor(String... names) {
        int rr = rankFor(names);
        double a = alphaFor(names);
        return rslora ? a / Math.sqrt(rr) : a / rr;
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

    /** Whether an adapter on a tied token table also adapts the tied output. */
    public boolean ensureWeightTying() {
        return ensureWeightTying;
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
     * previous key's list ({@code targets}, {@code rank_pattern}, {@code alpha_pattern}). Keys: r,
     * alpha, dropout, targets, regex, rslora, ensure_weight_tying (also {@code tie}),
     * rank_pattern and alpha_pattern (entries {@code key:value}, as
     * {@code rank_pattern=wte:1,alpha_pattern=wte:2}).
     *
     * @throws IllegalArgumentException naming the item when a key is unknown or a value is bad
     */
    public static LoraConfig parse(String spec) {
        LoraConfig c = new LoraConfig();
        List<String> targets = new ArrayList<>();
        Map<String, Integer> ranks = new LinkedHashMap<>();
        Map<String, Double> alphas = new LinkedHashMap<>();
        String keys = "r, alpha, dropout, targets, regex, rslora, ensure_weight_tying, rank_pattern, alpha_pattern";
        String last = null;
        for (String raw : spec.split(",")) {
            String item = raw.strip();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            String key;
            String value;
            if (eq < 0) {
                if (!"targets".equals(last) && !"rank_pattern".equals(last) && !"alpha_pattern".equals(last)) {
                    throw new IllegalArgumentException("LoRA option '" + item + "' is not key=value (keys: " + keys + ")");
                }
                key = last;
                value = item;
            } else {
                key = item.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                value = item.substring(eq + 1).strip();
                key = switch (key) {
                    case "target_modules" -> "targets";
                    case "rank" -> "r";
                    case "lora_alpha" -> "alpha";
                    case "lora_dropout" -> "dropout";
                    case "use_rslora" -> "rslora";
                    case "tie" -> "ensure_weight_tying";
                    default -> key;
                };
                last = key;
            }
            try {
                switch (key) {
                    case "r" -> c.r(Integer.parseInt(value));
                    case "alpha" -> c.alpha(Double.parseDouble(value));
                    case "dropout" -> c.dropout(Double.parseDouble(value));
                    case "rslora" -> c.useRslora(bool(key, value));
                    case "ensure_weight_tying" -> c.ensureWeightTying(bool(key, value));
                    case "targets" -> targets.add(value);
                    case "regex" -> c.targetRegex(value);
                    case "rank_pattern" -> ranks.put(patternName(key, value), Integer.parseInt(patternValue(key, value)));
                    case "alpha_pattern" -> alphas.put(patternName(key, value),
                            Double.parseDouble(patternValue(key, value)));
                    default -> throw new IllegalArgumentException("unknown LoRA option '" + key + "' (keys: " + keys + ")");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("LoRA option " + key + ": '" + value + "' is not a number"
                        + (key.endsWith("_pattern") ? " after the colon" : ""));
            }
        }
        if (!targets.isEmpty()) {
            c.targetModules(targets);
        }
        if (c.targets.isEmpty() && c.targetRegex == null) {
            throw new IllegalArgumentException("LoRA options '" + spec + "' name no targets (add targets=c_attn,...)");
        }
        c.rankPattern(ranks);
        c.alphaPattern(alphas);
        return c;
    }

    private static String patternName(String key, String entry) {
        int colon = entry.lastIndexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            throw new IllegalArgumentException("LoRA option " + key + ": '" + entry + "' is not pattern:value");
        }
        return entry.substring(0, colon).strip();
    }

    private static String patternValue(String key, String entry) {
        patternName(key, entry);
        return entry.substring(entry.lastIndexOf(':') + 1).strip();
    }

    private static boolean bool(String key, String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("LoRA option " + key + ": '" + value + "' is not true or false");
        }
        return Boolean.parseBoolean(value);
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
        m.put("ensure_weight_tying", ensureWeightTying);
        m.put("rank_pattern", rankPattern);
        m.put("alpha_pattern", alphaPattern);
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
        c.ensureWeightTying(Boolean.TRUE.equals(m.get("ensure_weight_tying")));
        c.rankPattern(patternMap(m, "rank_pattern", Number::intValue));
        c.alphaPattern(patternMap(m, "alpha_pattern", Number::doubleValue));
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

    private static <T> Map<String, T> patternMap(Map<String, Object> m, String key,
            java.util.function.Function<Number, T> convert) {
        Object o = m.get(key);
        if (o == null) {
            return Map.of();
        }
        if (!(o instanceof Map<?, ?> raw)) {
            throw new IllegalArgumentException("'" + key + "' is not an object of pattern: value: " + o);
        }
        Map<String, T> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            if (!(e.getValue() instanceof Number n)) {
                throw new IllegalArgumentException("'" + key + "' entry '" + e.getKey() + "' is not a number: "
                        + e.getValue());
            }
            out.put(String.valueOf(e.getKey()), convert.apply(n));
        }
        return out;
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
        c.ensureWeightTying = ensureWeightTying;
        c.rankPattern = rankPattern;
        c.alphaPattern = alphaPattern;
        c.targets = targets;
        c.targetRegex = targetRegex;
        return c;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LoRA r=%d alpha=%s dropout=%s targets=%s%s%s%s", r, alpha, dropout,
                targetRegex != null ? "/" + targetRegex + "/" : String.join(",", targets),
                rankPattern.isEmpty() ? "" : " rank_pattern=" + rankPattern,
                alphaPattern.isEmpty() ? "" : " alpha_pattern=" + alphaPattern,
                ensureWeightTying ? " ensure_weight_tying" : "");
    }
}
