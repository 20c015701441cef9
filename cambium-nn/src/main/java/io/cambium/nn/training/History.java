package io.cambium.nn.training;

import io.cambium.nn.callbacks.Callback;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The metrics of every epoch of a {@code fit} call: {@code history.get("val_loss")}. */
public final class History extends Callback {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private final List<Integer> epochs = new ArrayList<>();

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochs.add(epoch);
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            values.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
    }

    /** Metric name -> one value per epoch (Keras's history.history). */
    public Map<String, List<Double>> history() {
        return Collections.unmodifiableMap(values);
    }

    /**
     * The values of one metric, one per epoch.
     *
     * @throws IllegalArgumentException listing the recorded names when the metric is absent
     */
    public List<Double> get(String metric) {
        List<Double> v = values.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("History: no metric '" + metric + "'; recorded: " + values.keySet());
        }
        return Collections.unmodifiableList(v);
    }

    /** The last value of a metric. */
    public double last(String metric) {
        List<Double> v = get(metric);
        return v.get(v.size() - 1);
    }

    /** The epoch indices that ran (Keras's history.epoch). */
    public List<Integer> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    @Override
    public String toString() {
        return "History" + values;
    }
}
