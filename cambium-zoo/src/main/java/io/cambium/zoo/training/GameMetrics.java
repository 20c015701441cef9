package io.cambium.zoo.training;

import java.util.LinkedHashMap;
import java.util.Map;

/** Running means of named metrics over the steps of one epoch, in the order first recorded. */
public final class GameMetrics {
    private final Map<String, double[]> sums = new LinkedHashMap<>();

    /** Adds one value of a metric. */
    public void add(String name, double value) {
        double[] s = sums.computeIfAbsent(name, k -> new double[2]);
        s[0] += value;
        s[1]++;
    }

    /** The mean of each metric so far. */
    public Map<String, Double> means() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            out.put(e.getKey(), e.getValue()[0] / e.getValue()[1]);
        }
        return out;
    }

    void clear() {
        sums.clear();
    }
}
