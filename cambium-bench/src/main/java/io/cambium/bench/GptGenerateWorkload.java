package io.cambium.bench;

import io.cambium.llm.generate.GenerationConfig;
import io.cambium.llm.generate.Generator;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * W6: greedy generation with cambium-llm's {@link Generator} and the W5 model (batch 1): a
 * 16-token prompt, 256 new tokens, with a key/value cache (the window restarts from the last 64
 * tokens when it would pass the context) and without a cache (the same windows re-run every
 * token); tokens/s. One generation warms up; each repetition is one whole generation. The two
 * cases must produce the same tokens.
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

    /**
     * The same model for both cases, from a fixed seed. Its weights have a standard deviation of
     * 0.05 (about PyTorch's default for these layers) rather than GPT-2's 0.02, so that the logits
     * of an untrained model are spread enough for greedy decoding to have no near ties.
     */
    static Gpt model() {
        GptConfig cfg = GptTrainWorkload.config().initStd(0.05);
        return Gpt.withSeed(cfg, 0);
    }

    /** The fixed prompt. */
    static int[] prompt() {
        Rng rng = new Rng(6);
        int[] p = new int[PROMPT];
        for (int i = 0; i < p.length; i++) {
            p[i] = rng.nextInt(GptTrainWorkload.config().vocabSize());
        }
        return p;
    }

    private final class GenerateCase implements BenchCase {
        private final boolean kvCache;
        private Generator generator;
        private GenerationConfig config;
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
            generator = new Generator(model());
            config = GenerationConfig.greedy().maxNewTokens(newTokens).windowKeep(KEEP).useCache(kvCache);
            prompt = prompt();
        }

        @Override
        public void warmUp() {
            last = generator.generate(prompt, config).tokens();
        }

        @Override
        public double repetition() {
            last = generator.generate(prompt, config).tokens();
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
            generator = null;
        }
    }
}
