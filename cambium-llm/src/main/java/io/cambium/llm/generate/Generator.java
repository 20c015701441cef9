package io.cambium.llm.generate;

import io.cambium.Cambium;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.llm.model.KvCache;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Continues a prompt with a {@link Gpt}, one token at a time: greedy or sampled (temperature,
 * top-k, top-p, repetition penalty; seeded), until a maximum length, a stop token or a stop
 * string, reporting each token to a {@link GenerationListener} as it comes. With the key/value
 * cache each step runs the model on the new token only. When the sequence reaches the model's
 * context, the window restarts from its last tokens ({@link GenerationConfig#windowKeep}), with
 * or without the cache alike, so both give the same tokens.
 *
 * <pre>{@code
 * Generator g = new Generator(gpt, tokenizer::decode);
 * GenerationResult r = g.generate(tokenizer.encode("床前明月光"), new GenerationConfig().doSample(true)
 *         .temperature(0.8).seed(7).maxNewTokens(64), (token, text) -> System.out.print(text));
 * }</pre>
 */
public final class Generator {
    private final Gpt model;
    private final Function<int[], String> decoder;

    /** A generator without a decoder (stop strings and streamed text need one). */
    public Generator(Gpt model) {
        this(model, null);
    }

    /** A generator that decodes token ids to text with {@code decoder} (for stop strings and streaming). */
    public Generator(Gpt model, Function<int[], String> decoder) {
        this.model = model;
        this.decoder = decoder;
    }

    /** {@link #generate(int[], GenerationConfig, GenerationListener)} without a listener. */
    public GenerationResult generate(int[] prompt, GenerationConfig config) {
        return generate(prompt, config, null);
    }

    /**
     * Generates after {@code prompt}.
     *
     * @throws IllegalArgumentException when the prompt is empty, longer than the model's context,
     *     or holds ids outside the vocabulary, or when stop strings are given without a decoder
     */
    public GenerationResult generate(int[] prompt, GenerationConfig config, GenerationListener listener) {
        GptConfig mc = model.gptConfig();
        int context = mc.contextLength();
        int vocab = mc.vocabSize();
        if (prompt.length == 0) {
            throw new IllegalArgumentException("generate: the prompt is empty (give at least one token)");
        }
        if (prompt.length > context) {
            throw new IllegalArgumentException("generate: the prompt has " + prompt.length
                    + " tokens, more than the model's context of " + context);
        }
        for (int t : prompt) {
            if (t < 0 || t >= vocab) {
                throw new IllegalArgumentException("generate: prompt token " + t + " is outside the vocabulary of "
                        + vocab);
            }
        }
        List<String> stops = config.stopStrings();
        if (!stops.isEmpty() && decoder == null) {
            throw new IllegalArgumentException("generate: stop strings need a decoder (new Generator(model, decoder))");
        }
        int keep = config.windowKeep() < 0 ? Math.max(1, context / 2) : Math.min(config.windowKeep(), context);
        int[] stopTokens = config.stopTokens();
        Rng rng = config.sampling() ? samplerRng(config) : null;
        int max = config.maxNewTokens();
        int[] seq = Arrays.copyOf(prompt, prompt.length + max);
        int len = prompt.length;
        int windowStart = 0;
        KvCache cache = config.useCache() ? model.newCache(1) : null;
        TextTracker text = decoder == null ? null : new TextTracker(decoder, stops);
        FinishReason reason = FinishReason.LENGTH;
        int generated = 0;
        try (NoGrad g = NoGrad.scope()) {
            while (generated < max) {
                if (len - windowStart > context) {
                    windowStart = len - keep;
                    if (cache != null) {
                        cache.reset();
                    }
                }
                Tensor logits;
                if (cache != null) {
                    int from = windowStart + cache.length();
                    logits = model.forward(ids(seq, from, len), cache, true);
                } else {
                    logits = model.forward(ids(seq, windowStart, len), null, true);
                }
                float[] row = logits.data().clone();
                int next = choose(row, seq, len, config, rng);
                seq[len++] = next;
                generated++;
                boolean stopToken = contains(stopTokens, next);
                String piece = "";
                boolean stopString = false;
                if (text != null) {
                    int[] out = Arrays.copyOfRange(seq, prompt.length, stopToken ? len - 1 : len);
                    stopString = text.update(out, stopToken || generated == max);
                    piece = text.takeNew();
                }
                if (listener != null) {
                    listener.onToken(next, piece);
                }
                if (stopToken) {
                    reason = FinishReason.STOP_TOKEN;
                    break;
                }
                if (stopString) {
                    reason = FinishReason.STOP_STRING;
                    break;
                }
            }
        }
        int[] out = Arrays.copyOfRange(seq, prompt.length, len);
        return new GenerationResult(out, text == null ? null : text.finalText(), reason);
    }

    private static Rng samplerRng(GenerationConfig config) {
        if (config.seed() != null) {
            return new Rng(config.seed());
        }
        Rng global = Cambium.rng();
        synchronized (global) {
            return global.split();
        }
    }

    private static int choose(float[] logits, int[] seq, int len, GenerationConfig c, Rng rng) {
        LogitsProcessors.repetitionPenalty(logits, seq, len, c.repetitionPenalty());
        if (rng == null) {
            return LogitsProcessors.argmax(logits);
        }
        LogitsProcessors.temperature(logits, c.temperature());
        LogitsProcessors.topK(logits, c.topK());
        LogitsProcessors.topP(logits, c.topP());
        return LogitsProcessors.sample(logits, rng);
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private static Tensor ids(int[] seq, int from, int to) {
        return Tensor.of(java.util.Arrays.copyOfRange(seq, from, to), 1, to - from);
    }

    /**
     * The decoded output as it grows: detects stop strings and releases only text that is final
     * (not an incomplete multi-byte character, not a possible start of a stop string).
     */
    private static final class TextTracker {
        private final Function<int[], String> decoder;
        private final List<String> stops;
        private String text = "";
        private int released;
        private int end = -1;

        TextTracker(Function<int[], String> decoder, List<String> stops) {
            this.decoder = decoder;
            this.stops = stops;
        }

        /** Decodes the output so far; returns whether it now contains a stop string. */
        boolean update(int[] out, boolean last) {
            text = decoder.apply(out);
            int cut = -1;
            for (String s : stops) {
                int i = text.indexOf(s);
                if (i >= 0 && (cut < 0 || i < cut)) {
                    cut = i;
                }
            }
            if (cut >= 0) {
                text = text.substring(0, cut);
                end = text.length();
                return true;
            }
            end = last ? text.length() : safeEnd();
            return false;
        }

        /** The end of the text that can no longer change: before a trailing replacement character or stop-string prefix. */
        private int safeEnd() {
            int e = text.length();
            while (e > released && text.charAt(e - 1) == '\uFFFD') {
                e--;
            }
            int hold = 0;
            for (String s : stops) {
                for (int k = Math.min(s.length() - 1, e); k > hold; k--) {
                    if (text.startsWith(s.substring(0, k), e - k)) {
                        hold = k;
                        break;
                    }
                }
            }
            return Math.max(released, e - hold);
        }

        String takeNew() {
            int e = Math.min(end, text.length());
            if (e <= released) {
                return "";
            }
            String piece = text.substring(released, e);
            released = e;
            return piece;
        }

        String finalText() {
            return text;
        }
    }
}
