package io.cambium.bench;

import io.cambium.bench.gpt.GptConfig;
import io.cambium.bench.gpt.GptModel;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * W6: greedy generation with the W5 model (batch 1): a 16-token prompt, 256 new tokens, with a
 * key/value cache (the window restarts from the last 64 tokens when it would pass the context) and
 * without a cache (the same windows re-run every token); tokens/s. One generation warms up; each
 * repetition is one whole generation. The two cases must produce the same tokens.
 */
public final class GptGenerateWorkload implements Workload {
    public static final int PROMPT = 16;
    public static final int NEW_TOKENS = 256;
    public static final int KEEP = 64;

    private final int threads;
    private final int newTokens;
    private final List<int[]> produced = new ArrayList<>();

    public GptGenerateWorkload(int threads) {
        this(threads, NEW_TOKENS);
    }

    /** With another number of new tokens (tests use fewer, still past the context restart). */
    public GptGenerateWorkload(int threads, int newTokens) {
        this.threads = threads;
        this.newTokens = newTokens;
    }

    @Override
    public String id() {
        return "W6";
    }

    @Override
    public String title() {
        return "GPT greedy generation, batch 1, " + PROMPT + "-token prompt, " + newTokens + " new tokens";
    }

    @Override
    public List<BenchCase> cases() {
        return List.of(new GenerateCase(true), new GenerateCase(false));
    }

    /** The tokens of each case's last generation, in case order (kv_cache, no_cache). */
    List<int[]> produced() {
        return produced;
    }

    /** The same model for both cases: parameters from a fixed seed. */
    static GptModel model() {
        return new GptModel(GptConfig.W5, new Rng(0));
    }

    /** The fixed prompt. */
    static int[] prompt() {
        Rng rng = new Rng(6);
        int[] p = new int[PROMPT];
        for (int i = 0; i < p.length; i++) {
            p[i] = rng.nextInt(GptConfig.W5.vocab());
        }
        return p;
    }

    private final class GenerateCase implements BenchCase {
        private final boolean kvCache;
        private GptModel model;
        private int[] prompt;
        private int[] last;

        GenerateCase(boolean kvCache) {
            this.kvCache = kvCache;
        }

        @Override
        public String name() {
            return (kvCache ? "kv_cache" : "no_cache") + " t=" + threads;
        }

        @Override
        public String unit() {
            return "tokens/s";
        }

        @Override
        public int threads() {
            return threads;
        }

        @Override
        public void setUp() {
            model = model();
            prompt = prompt();
        }

        @Override
        public void warmUp() {
            last = model.generate(prompt, newTokens, kvCache, KEEP);
        }

        @Override
        public double repetition() {
            last = model.generate(prompt, newTokens, kvCache, KEEP);
            return newTokens;
        }

        @Override
        public void tearDown() {
            if (last != null) {
                produced.add(last);
            }
            if (produced.size() == 2) {
                boolean same = java.util.Arrays.equals(produced.get(0), produced.get(1));
                System.err.println("[cambium] W6 kv_cache and no_cache tokens " + (same ? "are identical"
                        : "DIFFER (the cache is wrong or numerics diverged at a near tie)"));
            }
            model = null;
        }
    }
}
