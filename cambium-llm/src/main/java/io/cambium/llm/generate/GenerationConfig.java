package io.cambium.llm.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How {@link Generator} continues a prompt, with Hugging Face's {@code generate} options and
 * defaults: greedy decoding unless {@link #doSample(boolean)}; when sampling, the logits pass
 * through the repetition penalty, the temperature, top-k (default 50) and top-p (default 1, off),
 * in that order. Generation stops after {@link #maxNewTokens(int)} tokens, at a stop token, or
 * when the text contains a stop string.
 *
 * <pre>{@code
 * var cfg = new GenerationConfig().doSample(true).temperature(0.8).topK(40).topP(0.95).seed(42)
 *         .maxNewTokens(200).stopStrings("\n\n");
 * }</pre>
 */
public final class GenerationConfig {
    private int maxNewTokens = 128;
    private boolean doSample;
    private double temperature = 1.0;
    private int topK = 50;
    private double topP = 1.0;
    private double repetitionPenalty = 1.0;
    private int[] stopTokens = new int[0];
    private List<String> stopStrings = List.of();
    private Long seed;
    private boolean useCache = true;
    private int windowKeep = -1;

    /** Greedy decoding of up to 128 new tokens. */
    public GenerationConfig() {
    }

    /** Greedy decoding (always the most likely token). */
    public static GenerationConfig greedy() {
        return new GenerationConfig();
    }

    /** Sampling at this temperature, without top-k or top-p truncation. */
    public static GenerationConfig sampling(double temperature) {
        return new GenerationConfig().doSample(true).temperature(temperature).topK(0);
    }

    /** A copy that later changes to this one do not affect. */
    public GenerationConfig copy() {
        GenerationConfig c = new GenerationConfig();
        c.maxNewTokens = maxNewTokens;
        c.doSample = doSample;
        c.temperature = temperature;
        c.topK = topK;
        c.topP = topP;
        c.repetitionPenalty = repetitionPenalty;
        c.stopTokens = stopTokens.clone();
        c.stopStrings = stopStrings;
        c.seed = seed;
        c.useCache = useCache;
        c.windowKeep = windowKeep;
        return c;
    }

    /** The number of tokens to generate at most (default 128). */
    public GenerationConfig maxNewTokens(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("GenerationConfig: max_new_tokens must be >= 0, got " + n);
        }
        maxNewTokens = n;
        return this;
    }

    /** Sample from the distribution (true) or take the most likely token (false, default). */
    public GenerationConfig doSample(boolean v) {
        doSample = v;
        return this;
    }

    /** Divides the logits before sampling (default 1); 0 means greedy. */
    public GenerationConfig temperature(double t) {
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("GenerationConfig: temperature must be >= 0 and finite, got " + t);
        }
        temperature = t;
        return this;
    }

    /** Keeps the k most likely tokens before sampling (default 50; 0 turns it off). */
    public GenerationConfig topK(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("GenerationConfig: top_k must be >= 0, got " + k);
        }
        topK = k;
        return this;
    }

    /** Keeps the smallest set of most likely tokens whose probability reaches p (nucleus sampling; default 1, off). */
    public GenerationConfig topP(double p) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("GenerationConfig: top_p must be in (0, 1], got " + p);
        }
        topP = p;
        return this;
    }

    /**
     * Penalizes tokens already in the prompt or the output (CTRL's penalty, as Hugging Face
     * applies it: positive logits divided, negative ones multiplied by the penalty; default 1, off).
     */
    public GenerationConfig repetitionPenalty(double p) {
        if (!(p > 0) || Double.isInfinite(p)) {
            throw new IllegalArgumentException("GenerationConfig: repetition_penalty must be positive, got " + p);
        }
        repetitionPenalty = p;
        return this;
    }

    /** Token ids that end generation (the stop token is the last token of the output, not of its text). */
    public GenerationConfig stopTokens(int... ids) {
        stopTokens = ids.clone();
        return this;
    }

    /** Strings that end generation; the output text stops before the first one. */
    public GenerationConfig stopStrings(String... strings) {
        List<String> l = new ArrayList<>();
        for (String s : strings) {
            if (s == null || s.isEmpty()) {
                throw new IllegalArgumentException("GenerationConfig: a stop string must not be empty");
            }
            l.add(s);
        }
        stopStrings = List.copyOf(l);
        return this;
    }

    /** Seeds the sampler, so that the same prompt gives the same output (default: none, draw from Cambium's generator). */
    public GenerationConfig seed(long s) {
        seed = s;
        return this;
    }

    /** Whether to reuse keys and values of earlier positions (default true; the output is the same). */
    public GenerationConfig useCache(boolean v) {
        useCache = v;
        return this;
    }

    /**
     * When the sequence reaches the model's context, the window restarts from its last
     * {@code keep} tokens (default: half the context).
     */
    public GenerationConfig windowKeep(int keep) {
        if (keep == 0 || keep < -1) {
            throw new IllegalArgumentException("GenerationConfig: window keep must be positive, got " + keep);
        }
        windowKeep = keep;
        return this;
    }

    /** The maximum number of new tokens. */
    public int maxNewTokens() {
        return maxNewTokens;
    }

    /** Whether sampling is on (and the temperature positive). */
    public boolean sampling() {
        return doSample && temperature > 0;
    }

    /** The temperature. */
    public double temperature() {
        return temperature;
    }

    /** Top-k (0: off). */
    public int topK() {
        return topK;
    }

    /** Top-p (1: off). */
    public double topP() {
        return topP;
    }

    /** The repetition penalty (1: off). */
    public double repetitionPenalty() {
        return repetitionPenalty;
    }

    /** The stop tokens. */
    public int[] stopTokens() {
        return stopTokens.clone();
    }

    /** The stop strings. */
    public List<String> stopStrings() {
        return stopStrings;
    }

    /** The seed, or null. */
    public Long seed() {
        return seed;
    }

    /** Whether the key/value cache is used. */
    public boolean useCache() {
        return useCache;
    }

    /** The window restart length, or -1 for half the context. */
    public int windowKeep() {
        return windowKeep;
    }

    @Override
    public String toString() {
        return "GenerationConfig{max_new_tokens=" + maxNewTokens + ", do_sample=" + doSample + ", temperature="
                + temperature + ", top_k=" + topK + ", top_p=" + topP + ", repetition_penalty=" + repetitionPenalty
                + ", stop_tokens=" + Arrays.toString(stopTokens) + ", stop_strings=" + stopStrings + ", seed=" + seed
                + ", use_cache=" + useCache + "}";
    }
}
