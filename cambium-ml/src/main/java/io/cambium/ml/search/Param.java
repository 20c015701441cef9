package io.cambium.ml.search;

import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One hyperparameter and its domain. Every domain maps onto the unit interval so that model-based
 * and evolutionary searches can work in [0, 1]^d: {@link #fromUnit} decodes a coordinate to a
 * value, {@link #toUnit} encodes a value.
 */
public abstract class Param {
    private final String name;

    Param(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a hyperparameter needs a name");
        }
        this.name = name;
    }

    /** The hyperparameter's name (the key in the trial's parameter map). */
    public String name() {
        return name;
    }

    /** A value drawn uniformly from the domain (log-uniformly for a log scale). */
    public Object sample(Rng rng) {
        return fromUnit(rng.nextDouble());
    }

    /** The value at unit coordinate {@code u} in [0, 1]. */
    public abstract Object fromUnit(double u);

    /** The unit coordinate of {@code value}. */
    public abstract double toUnit(Object value);

    /** The values a grid search visits. */
    public abstract List<Object> gridValues();

    /** A categorical (or explicitly listed) choice among values. */
    public static Param choice(String name, Object... values) {
        return new Choice(name, values);
    }

    /** A real value uniform in [low, high]; a grid visits 5 evenly spaced values (log-spaced for a log range). */
    public static Param uniform(String name, double low, double high) {
        return new Real(name, low, high, false);
    }

    /** A positive real value with a uniform logarithm in [low, high]. */
    public static Param logUniform(String name, double low, double high) {
        return new Real(name, low, high, true);
    }

    /** An integer in [low, high] inclusive. */
    public static Param intRange(String name, int low, int high) {
        return new IntRange(name, low, high);
    }

    private static final class Choice extends Param {
        private final Object[] values;

        Choice(String name, Object[] values) {
            super(name);
            if (values.length == 0) {
                throw new IllegalArgumentException("choice '" + name + "' needs at least one value");
            }
            this.values = values.clone();
        }

        @Override
        public Object fromUnit(double u) {
            return values[Math.min(values.length - 1, Math.max(0, (int) Math.floor(u * values.length)))];
        }

        @Override
        public double toUnit(Object value) {
            for (int i = 0; i < values.length; i++) {
                if (values[i].equals(value)) {
                    return (i + 0.5) / values.length;
                }
            }
            throw new IllegalArgumentException("'" + value + "' is not a value of choice '" + name() + "' "
                    + Arrays.toString(values));
        }

        @Override
        public List<Object> gridValues() {
            return List.of(values);
        }
    }

    private static final class Real extends Param {
        private final double low;
        private final double high;
        private final boolean log;

        Real(String name, double low, double high, boolean log) {
            super(name);
            if (!(low < high)) {
                throw new IllegalArgumentException("range '" + name + "' needs low < high, got [" + low + ", " + high + "]");
            }
            if (log && !(low > 0)) {
                throw new IllegalArgumentException("log range '" + name + "' needs low > 0, got " + low);
            }
            this.low = low;
            this.high = high;
            this.log = log;
        }

        @Override
        public Object fromUnit(double u) {
            u = Math.min(1, Math.max(0, u));
            return log ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
        }

        @Override
        public double toUnit(Object value) {
            double v = ((Number) value).doubleValue();
            return log ? (Math.log(v) - Math.log(low)) / (Math.log(high) - Math.log(low)) : (v - low) / (high - low);
        }

        @Override
        public List<Object> gridValues() {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                out.add(fromUnit(i / 4.0));
            }
            return out;
        }
    }

    private static final class IntRange extends Param {
        private final int low;
        private final int high;

        IntRange(String name, int low, int high) {
            super(name);
            if (low > high) {
                throw new IllegalArgumentException("int range '" + name + "' needs low <= high, got [" + low + ", "
                        + high + "]");
            }
            this.low = low;
            this.high = high;
        }

        @Override
        public Object fromUnit(double u) {
            int n = high - low + 1;
            return low + Math.min(n - 1, Math.max(0, (int) Math.floor(u * n)));
        }

        @Override
        public double toUnit(Object value) {
            int v = ((Number) value).intValue();
            return (v - low + 0.5) / (high - low + 1);
        }

        @Override
        public List<Object> gridValues() {
            List<Object> out = new ArrayList<>();
            for (int v = low; v <= high; v++) {
                out.add(v);
            }
            return out;
        }
    }
}
