package io.cambium.llm.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints a pretraining run as lines:
 * <pre>
 * step   120/2000 | loss 2.3456 | lr 3.00e-04 | norm 0.84 | 12,345 tok/s | ETA 3m12s
 * step   200/2000 | val loss 2.5012 | val ppl 12.20 | train loss 2.4501
 * </pre>
 */
public final class ProgressPrinter implements PretrainListener {
    private final PrintStream out;

    /** Prints to {@code out}. */
    public ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onStart(Pretrainer trainer, long fromStep) {
        if (fromStep > 0) {
            out.printf(Locale.ROOT, "resuming at step %d of %d%n", fromStep, trainer.config().maxSteps());
        }
    }

    @Override
    public void onProgress(StepStats s) {
        int w = Long.toString(s.maxSteps()).length();
        out.printf(Locale.ROOT, "step %" + w + "d/%d | loss %.4f | lr %.2e | norm %.2f | %,.0f tok/s | ETA %s%n",
                s.step(), s.maxSteps(), s.loss(), s.learningRate(), s.gradNorm(), s.tokensPerSecond(),
                duration(s.etaSeconds()));
        out.flush();
    }

    @Override
    public void onEval(EvalStats e) {
        out.printf(Locale.ROOT, "step %d | val loss %.4f | val ppl %.2f | train loss %.4f%n", e.step(), e.valLoss(),
                e.valPerplexity(), e.trainLoss());
        out.flush();
    }

    @Override
    public void onCheckpoint(long step, Path file) {
        out.printf(Locale.ROOT, "step %d | saved %s%n", step, file);
        out.flush();
    }

    @Override
    public void onEnd(PretrainResult r) {
        out.printf(Locale.ROOT, "done: %d steps, %,d tokens, %s; val loss %.4f (best %.4f)%n", r.steps(), r.tokens(),
                duration(r.seconds()), r.lastValLoss(), r.bestValLoss());
        out.flush();
    }

    /** {@code 3m12s}, {@code 1h02m}, {@code 45s}. */
    static String duration(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }
}
