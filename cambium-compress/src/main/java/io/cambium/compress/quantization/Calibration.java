package io.cambium.compress.quantization;

import java.util.function.Supplier;

/** How post-training quantization chooses activation ranges from the calibration data. */
public final class Calibration {
    private final String name;
    private final Supplier<Observer> observers;

    private Calibration(String name, Supplier<Observer> observers) {
        this.name = name;
        this.observers = observers;
    }

    /** The full observed range (PyTorch's default MinMaxObserver). */
    public static Calibration minMax() {
        return new Calibration("minmax", MinMaxObserver::new);
    }

    /** The range between the {@code 100 - p} and {@code p} percentiles (e.g. 99.99). */
    public static Calibration percentile(double p) {
        new PercentileObserver(p);
        return new Calibration("percentile(" + p + ")", () -> new PercentileObserver(p));
    }

    /** {@code minmax} or {@code percentile} (99.99), or {@code percentile:<p>}. */
    public static Calibration of(String name) {
        if (name.equalsIgnoreCase("minmax")) {
            return minMax();
        }
        if (name.equalsIgnoreCase("percentile")) {
            return percentile(99.99);
        }
        if (name.toLowerCase(java.util.Locale.ROOT).startsWith("percentile:")) {
            try {
                return percentile(Double.parseDouble(name.substring("percentile:".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("calibration '" + name + "': the percentile is not a number");
            }
        }
        throw new IllegalArgumentException("unknown calibration '" + name + "' (minmax, percentile, percentile:<p>)");
    }

    /** A new observer of this kind. */
    public Observer newObserver() {
        return observers.get();
    }

    @Override
    public String toString() {
        return name;
    }
}
