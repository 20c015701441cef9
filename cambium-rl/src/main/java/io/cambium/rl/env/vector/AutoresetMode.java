package io.cambium.rl.env.vector;

/**
 * When a vectorized environment resets a sub-environment whose episode ended (Gymnasium 1.1's
 * {@code AutoresetMode}).
 */
public enum AutoresetMode {
    /**
     * The step after the one that ended the episode resets the sub-environment instead of
     * stepping it: that step's action is ignored and it returns the first observation of the new
     * episode with reward 0 and both flags false (Gymnasium's default).
     */
    NEXT_STEP,
    /**
     * The step that ends the episode also resets the sub-environment: it returns the new
     * episode's first observation, and the last observation and info of the ended episode under
     * {@code "final_obs"} and {@code "final_info"} in the info (Stable-Baselines3's convention).
     */
    SAME_STEP,
    /** No automatic reset: ended sub-environments must be reset with a mask before stepping again. */
    DISABLED
}
