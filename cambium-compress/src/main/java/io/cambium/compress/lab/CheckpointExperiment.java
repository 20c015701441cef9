package io.cambium.compress.lab;

import io.cambium.Cambium;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.Layer;
import io.cambium.nn.Sequential;
import io.cambium.nn.Variable;
import io.cambium.nn.layers.attention.TokenAndPositionEmbedding;
import io.cambium.nn.layers.attention.TransformerDecoderBlock;
import io.cambium.nn.layers.core.Checkpointed;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.normalization.LayerNormalization;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.optimizers.AdamW;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Gradient checkpointing on a GPT of the W5 shape (vocabulary 256, context 128, d_model 128, 4
 * pre-norm decoder blocks with 4 heads and an MLP of 512, batch 16 x 128 tokens, AdamW), built from
 * cambium-nn's layers: the same model trained with and without {@link Checkpointed} blocks, from the
 * same weights. Every block is checkpointed, the last one too: PyTorch's {@code checkpoint_sequential}
 * leaves the last segment alone because its saved tensors are freed as soon as the backward pass has
 * gone through them, but Cambium's engine releases the graph when the whole backward pass ends, so
 * an uncheckpointed last block stays alive during the other blocks' recomputation (measured at
 * batch 4: peak live heap 29.7 MB plain, 25.4 MB with three of four blocks checkpointed, 11.9 MB with
 * all four). Reports the step time of each (median of alternating steps) and the live heap at
 * its peak: without checkpointing at the end of the forward pass (every activation is held until the
 * backward pass ends, so this is a lower bound of its peak), with checkpointing after each block's
 * recomputation in the backward pass (where its peak is). Live heap is measured after forced
 * collections ({@link MemoryProbe}).
 */
public final class CheckpointExperiment {
    private static final int VOCAB = 256;
    private static final int CONTEXT = 128;
    private static final int D = 128;
    private static final int LAYERS = 4;
    private static final int HEADS = 4;
    private static final int MLP = 512;
    private static final int BATCH = 16;

    private CheckpointExperiment() {
    }

    /**
     * What one run measured.
     *
     * @param params parameters of the GPT
     * @param plainMsPerStep median training step without checkpointing
     * @param checkpointedMsPerStep median training step with checkpointing, alternating with the plain one
     * @param plainPeakLiveBytes live heap at the plain step's peak, above the heap before the step
     * @param checkpointedPeakLiveBytes live heap at the checkpointed step's peak, above the heap before the step
     * @param lossesEqual whether both models' last losses are equal (they train the same weights)
     */
    public record Figures(long params, double plainMsPerStep, double checkpointedMsPerStep, long plainPeakLiveBytes,
                          long checkpointedPeakLiveBytes, boolean lossesEqual) {
        /** Checkpointed step time over plain step time. */
        public double stepTimeRatio() {
            return checkpointedMsPerStep / plainMsPerStep;
        }

        /** The fraction of peak live memory saved, in [0, 1] when checkpointing saves memory. */
        public double memoryReduction() {
            return 1 - (double) checkpointedPeakLiveBytes / plainPeakLiveBytes;
        }
    }

    /** Samples the live heap when it runs with recording on: inside a checkpointed block, that is the recomputation. */
    private static final class Probe extends FluentLayer<Probe> {
        private final MemoryProbe probe;

        Probe(MemoryProbe probe) {
            this.probe = probe;
        }

        @Override
        public Tensor call(Tensor x, boolean training) {
            if (training && NoGrad.isEnabled() && probe != null && probe.armed()) {
                probe.sample();
            }
            return x;
        }
    }

    /** The W5-shaped GPT; with {@code probe}, each block is checkpointed and samples memory when recomputed. */
    static Sequential gpt(boolean checkpoint, MemoryProbe probe) {
        Sequential m = new Sequential();
        m.input(CONTEXT);
        m.add(new TokenAndPositionEmbedding(VOCAB, CONTEXT, D));
        for (int i = 0; i < LAYERS; i++) {
            Layer block = new TransformerDecoderBlock(MLP, HEADS).normalizeFirst(true);
            m.add(checkpoint ? new Checkpointed(new Sequential(block, new Probe(probe))) : block);
        }
        m.add(new LayerNormalization());
        m.add(new Dense(VOCAB));
        return m;
    }

    /**
     * Runs {@code steps} alternating steps of each model after {@code warmup} and returns the figures:
     * ms per step and peak live bytes (above the live heap before the step) of both, and their ratios.
     * The weights and the token batch are drawn with seed 5.
     */
    public static Figures run(int warmup, int steps, PrintStream log) {
        return run(warmup, steps, 5, log);
    }

    /** {@link #run(int, int, PrintStream)} with the weights and the random token batch drawn from {@code seed}. */
    public static Figures run(int warmup, int steps, long seed, PrintStream log) {
        if (warmup < 0 || steps < 1) {
            throw new IllegalArgumentException("CheckpointExperiment: warmup must be >= 0 and steps >= 1, got " + warmup
                    + " and " + steps);
        }
        Cambium.seed(seed);
        MemoryProbe recomputed = new MemoryProbe().armed(false);
        Sequential plain = gpt(false, null);
        Sequential ck = gpt(true, recomputed);
        // the same weights in both
        List<Variable> pv = plain.variables();
        List<Variable> cv = ck.variables();
        for (int i = 0; i < pv.size(); i++) {
            cv.get(i).assign(pv.get(i).value());
        }
        Rng rng = new Rng(seed + 2);
        float[] ids = new float[BATCH * CONTEXT];
        float[] next = new float[BATCH * CONTEXT];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rng.nextInt(VOCAB);
            next[i] = rng.nextInt(VOCAB);
        }
        Tensor x = new Tensor(ids, BATCH, CONTEXT);
        Tensor y = new Tensor(next, BATCH * CONTEXT);
        Loss loss = Losses.sparseCategoricalCrossentropy(true);
        AdamW o1 = new AdamW(3e-4, 0.01, false);
        AdamW o2 = new AdamW(3e-4, 0.01, false);
        double[] t1 = new double[steps];
        double[] t2 = new double[steps];
        float l1 = 0;
        float l2 = 0;
        for (int s = -warmup; s < steps; s++) {
            long a = System.nanoTime();
            l1 = step(plain, o1, loss, x, y, null);
            long b = System.nanoTime();
            l2 = step(ck, o2, loss, x, y, null);
            long c = System.nanoTime();
            if (s >= 0) {
                t1[s] = (b - a) / 1e6;
                t2[s] = (c - b) / 1e6;
            }
        }
        // memory: one instrumented step each
        long base = MemoryProbe.liveBytes();
        MemoryProbe plainProbe = new MemoryProbe();
        step(plain, o1, loss, x, y, plainProbe);
        long plainPeak = plainProbe.peak() - base;
        base = MemoryProbe.liveBytes();
        MemoryProbe ckProbe = new MemoryProbe();
        recomputed.armed(true);
        step(ck, o2, loss, x, y, ckProbe);
        recomputed.armed(false);
        long ckPeak = Math.max(ckProbe.peak(), recomputed.peak()) - base;
        Arrays.sort(t1);
        Arrays.sort(t2);
        Figures r = new Figures(plain.countParams(), t1[steps / 2], t2[steps / 2], plainPeak, ckPeak, l1 == l2);
        log.printf(Locale.ROOT, "GPT (W5 shape, %d params), batch %d x %d: step %.1f ms -> %.1f ms with checkpointing "
                + "(%.2fx); peak live heap %d KiB -> %d KiB (%.0f %% lower); last losses %s and %s%n", r.params(), BATCH,
                CONTEXT, r.plainMsPerStep(), r.checkpointedMsPerStep(), r.stepTimeRatio(), plainPeak / 1024, ckPeak / 1024,
                100 * r.memoryReduction(), l1, l2);
        return r;
    }

    private static float step(Sequential m, AdamW opt, Loss loss, Tensor x, Tensor y, MemoryProbe probe) {
        List<Variable> vars = m.trainableVariables();
        opt.zeroGrad(vars);
        Tensor logits = m.call(x, true).reshape(BATCH * CONTEXT, VOCAB);
        Tensor l = loss.call(y, logits);
        if (probe != null) {
            probe.sample();
        }
        l.backward();
        opt.step(vars);
        return l.item();
    }

    /** Prints the figures: {@code [warmup steps] [timed steps]} (default 3 and 10). */
    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.out.println(run(warmup, steps, System.out));
    }
}
