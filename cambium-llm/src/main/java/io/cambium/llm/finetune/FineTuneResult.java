package io.cambium.llm.finetune;

import java.util.List;

/**
 * What a fine-tuning run measured: validation losses at each evaluation (step 0 first), the mean
 * wall time and process CPU time of a training step (the first 3 steps, JIT warm-up, left out when
 * there are more than 6), and the parameter counts.
 */
public record FineTuneResult(List<Integer> evalSteps, List<Double> validationLosses, double meanStepMillis,
                             double meanStepCpuMillis, long trainableParameters, long totalParameters) {
    /** The last validation loss. */
    public double finalValidationLoss() {
        return validationLosses.get(validationLosses.size() - 1);
    }

    /** The smallest validation loss. */
    public double bestValidationLoss() {
        return validationLosses.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }
}
