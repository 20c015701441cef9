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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient checkpointing on a GPT of the W5 shape (vocabulary 256, context 128, d_model 128, 4
 * pre-norm decoder blocks with 4 heads and an MLP of 512, batch 16 x 128 tokens, AdamW), built from
 * cambium-nn's layers: the same model trained with and without {@link Checkpointed} blocks, from the
 * same weights (every block but the last checkpointed, as PyTorch's {@code checkpoint_sequential}
 * does). Reports the step time of each (median of alternating steps) and the live heap at
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
            // as torch.utils.checkpoint.checkpoint_sequential, the last block is not checkpointed: its
            // activations would be recomputed right after they were freed, at the start of the backward pass
            boolean last = i == LAYERS - 1;
            m.add(checkpoint && !last ? new Checkpointed(new Sequential(block, new Probe(probe))) : block);
        }
        m.add(new LayerNormalization());
        m.add(new Dense(VOCAB));
        return m;
    }

    /**
     * Runs {@code steps} alternating steps of each model after {@code warmup} and returns the figures:
     * ms per step and peak live bytes (above the live heap before the step) of both, and their ratios.
     */
    public static Map<String, Object> run(int warmup, int steps, PrintStream log) {
        Cambium.seed(5);
        MemoryProbe recomputed = new MemoryProbe().armed(false);
        Sequential plain = gpt(false, null);
        Sequential ck = gpt(true, recomputed);
        // the same weights in both
        List<Variable> pv = plain.variables();
        List<Variable> cv = ck.variables();
        for (int i = 0; i < pv.size(); i++) {
            cv.get(i).assign(pv.get(i).value());
        }
        Rng rng = new Rng(7);
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
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("gpt_params", plain.countParams());
        r.put("plain_ms_per_step", t1[steps / 2]);
        r.put("checkpointed_ms_per_step", t2[steps / 2]);
        r.put("step_time_ratio", t2[steps / 2] / t1[steps / 2]);
        r.put("plain_peak_live_bytes", plainPeak);
        r.put("checkpointed_peak_live_bytes", ckPeak);
        r.put("memory_reduction", 1 - (double) ckPeak / plainPeak);
        r.put("losses_equal", l1 == l2);
        log.printf("GPT (W5 shape, %d params), batch %d x %d: step %.1f ms -> %.1f ms with checkpointing (%.2fx); peak live"
                + " heap %d KiB -> %d KiB (%.0f %% lower); last losses %s and %s%n", plain.countParams(), BATCH, CONTEXT,
                t1[steps / 2], t2[steps / 2], t2[steps / 2] / t1[steps / 2], plainPeak / 1024, ckPeak / 1024,
                100 * (1 - (double) ckPeak / plainPeak), l1, l2);
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
        run(warmup, steps, System.out).forEach((k, v) -> System.out.println(k + " = " + v));
    }
}
