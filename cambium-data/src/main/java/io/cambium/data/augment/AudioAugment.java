package io.cambium.data.augment;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;

/**
 * Augmentation of audio signals {@code [time]} or {@code [time, channels]} (time on axis 0):
 * Gaussian noise, time shift, echo and random crop. Each returns a new tensor.
 */
public final class AudioAugment {
    private AudioAugment() {
    }

    /** Adds N(0, std^2) noise to every sample. */
    public static Tensor gaussianNoise(Tensor signal, double std, Rng rng) {
        if (std < 0) {
            throw new IllegalArgumentException("gaussianNoise: std must be >= 0, got " + std);
        }
        float[] d = signal.data();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) (d[i] + std * rng.nextGaussian());
        }
        return new Tensor(out, signal.shape());
    }

    /**
     * Shifts by {@code shift} samples (positive = later). With {@code roll} the samples wrap around,
     * otherwise the gap is filled with silence.
     */
    public static Tensor timeShift(Tensor signal, int shift, boolean roll) {
        int t = frames("timeShift", signal);
        int ch = signal.numel() / Math.max(1, t);
        float[] d = signal.data();
        float[] out = new float[d.length];
        for (int i = 0; i < t; i++) {
            int src = i - shift;
            if (roll) {
                src = Math.floorMod(src, t);
            } else if (src < 0 || src >= t) {
                continue;
            }
            System.arraycopy(d, src * ch, out, i * ch, ch);
        }
        return new Tensor(out, signal.shape());
    }

    /** A time shift drawn uniformly from [-maxShift, maxShift]. */
    public static Tensor randomTimeShift(Tensor signal, int maxShift, boolean roll, Rng rng) {
        return timeShift(signal, rng.nextInt(2 * maxShift + 1) - maxShift, roll);
    }

    /** Adds one echo: {@code y[t] = x[t] + decay * x[t - delay]}. */
    public static Tensor echo(Tensor signal, int delay, double decay) {
        if (delay < 1) {
            throw new IllegalArgumentException("echo: delay must be >= 1 sample, got " + delay);
        }
        int t = frames("echo", signal);
        int ch = signal.numel() / Math.max(1, t);
        float[] d = signal.data();
        float[] out = d.clone();
        for (int i = delay * ch; i < d.length; i++) {
            out[i] += (float) (decay * d[i - delay * ch]);
        }
        return new Tensor(out, signal.shape());
    }

    /** A random window of {@code length} samples. */
    public static Tensor randomCrop(Tensor signal, int length, Rng rng) {
        int t = frames("randomCrop", signal);
        if (length < 1 || length > t) {
            throw new IllegalArgumentException("randomCrop: length " + length + " must be in 1.." + t
                    + " for signal " + Shape.str(signal.shape()));
        }
        int start = rng.nextInt(t - length + 1);
        int ch = signal.numel() / t;
        int[] s = signal.shape();
        s[0] = length;
        return new Tensor(java.util.Arrays.copyOfRange(signal.data(), start * ch, (start + length) * ch), s);
    }

    private static int frames(String op, Tensor signal) {
        if (signal.rank() < 1 || signal.rank() > 2) {
            throw new IllegalArgumentException(op + ": expected [time] or [time, channels], got "
                    + Shape.str(signal.shape()));
        }
        return signal.dim(0);
    }
}
