package io.cambium.nn.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one-cycle policy of PyTorch's {@code OneCycleLR} (learning rate only; momentum is not
 * cycled): the rate rises from {@code maxLr / divFactor} to {@code maxLr} over the first
 * {@code pctStart} of {@code totalSteps}, then anneals to {@code maxLr / divFactor / finalDivFactor}.
 * With {@code threePhase} it first returns to the initial rate symmetrically and anneals to the
 * minimum in a third phase.
 */
public final class OneCycle implements LearningRateSchedule {
    private final double maxLr;
    private final long totalSteps;
    private final double pctStart;
    private final boolean cosine;
    private final double divFactor;
    private final double finalDivFactor;
    private final boolean threePhase;

    /** PyTorch's defaults: pct_start 0.3, cosine annealing, div_factor 25, final_div_factor 1e4. */
    public OneCycle(double maxLr, long totalSteps) {
        this(maxLr, totalSteps, 0.3, true, 25, 1e4, false);
    }

    /**
     * A one-cycle schedule.
     *
     * @param cosine cosine annealing ({@code anneal_strategy='cos'}), else linear
     */
    public OneCycle(double maxLr, long totalSteps, double pctStart, boolean cosine, double divFactor,
                    double finalDivFactor, boolean threePhase) {
        this.maxLr = Schedules.positive("OneCycle", "max_lr", maxLr);
        this.totalSteps = Schedules.positiveSteps("OneCycle", "total_steps", totalSteps);
        if (!(pctStart > 0 && pctStart < 1)) {
            throw new IllegalArgumentException("OneCycle: pct_start must be in (0, 1), got " + pctStart);
        }
        this.pctStart = pctStart;
        this.cosine = cosine;
        this.divFactor = divFactor;
        this.finalDivFactor = finalDivFactor;
        this.threePhase = threePhase;
    }

    /**
     * The rate at {@code step}.
     *
     * @throws IllegalArgumentException past {@code totalSteps}, as PyTorch does
     */
    @Override
    public double learningRate(long step) {
        if (step > totalSteps) {
            throw new IllegalArgumentException("OneCycle: step " + step + " is past total_steps " + totalSteps);
        }
        double initial = maxLr / divFactor;
        double min = initial / finalDivFactor;
        double[] ends;
        double[][] lrs;
        if (threePhase) {
            ends = new double[] {pctStart * totalSteps - 1, 2 * pctStart * totalSteps - 2, totalSteps - 1};
            lrs = new double[][] {{initial, maxLr}, {maxLr, initial}, {initial, min}};
        } else {
            ends = new double[] {pctStart * totalSteps - 1, totalSteps - 1};
            lrs = new double[][] {{initial, maxLr}, {maxLr, min}};
        }
        double start = 0;
        for (int i = 0; i < ends.length; i++) {
            if (step <= ends[i] || i == ends.length - 1) {
                double pct = (step - start) / (ends[i] - start);
                return anneal(lrs[i][0], lrs[i][1], pct);
            }
            start = ends[i];
        }
        throw new AssertionError("unreachable");
    }

    private double anneal(double from, double to, double pct) {
        if (cosine) {
            return to + (from - to) / 2.0 * (Math.cos(Math.PI * pct) + 1);
        }
        return (to - from) * pct + from;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("max_lr", maxLr);
        c.put("total_steps", totalSteps);
        c.put("pct_start", pctStart);
        c.put("anneal_strategy", cosine ? "cos" : "linear");
        c.put("div_factor", divFactor);
        c.put("final_div_factor", finalDivFactor);
        c.put("three_phase", threePhase);
        return c;
    }
}
