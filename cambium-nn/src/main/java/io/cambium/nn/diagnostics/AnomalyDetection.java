package io.cambium.nn.diagnostics;

import io.cambium.nn.ForwardHook;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.nn.callbacks.Callback;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.AnomalyException;
import io.cambium.tensor.autograd.AnomalyMode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Anomaly detection for {@code fit}, as PyTorch's {@code detect_anomaly} around a training loop:
 * training stops at the first operation that produces NaN or infinity, forward or backward, with
 * an {@link AnomalyException} naming the operation, the layer (a path such as
 * {@code sequential/dense_3}) and the step ({@code epoch 2, batch 17}). After each optimizer step
 * the weights are checked too, so a finite gradient that overflows a weight in the update is
 * named by its variable.
 * <pre>{@code
 * model.fit(x, y, FitConfig.epochs(3).callbacks(new AnomalyDetection()));
 * // or around any code, custom loops included:
 * try (var anomaly = AnomalyDetection.on(model)) { ... }
 * }</pre>
 * Every value of every operation is checked: a debugging mode, several times slower than training.
 */
public final class AnomalyDetection extends Callback implements AutoCloseable {
    private final List<ForwardHook.Handle> handles = new ArrayList<>();
    private final Map<Layer, AnomalyMode.Origin> open = new IdentityHashMap<>();
    private AnomalyMode mode;
    private long step;
    private int epoch = -1;

    /** A callback for {@code fit}: on from the start of training to its end. */
    public AnomalyDetection() {
    }

    /**
     * Turns anomaly detection on for the current thread and labels the operations of
     * {@code model}'s layers, until the returned scope is closed.
     */
    public static AnomalyDetection on(Model model) {
        AnomalyDetection d = new AnomalyDetection();
        d.setModel(model);
        d.start();
        return d;
    }

    private void start() {
        close();
        mode = AnomalyMode.enable();
        for (Layer l : model().allLayersIncludingSelf()) {
            handles.add(l.addForwardHook(new ForwardHook() {
                @Override
                public void beforeCall(Layer layer, List<Tensor> inputs, boolean training) {
                    open.put(layer, AnomalyMode.origin(layer.name()));
                }

                @Override
                public void afterCall(Layer layer, List<Tensor> inputs, List<Tensor> outputs, boolean training) {
                    AnomalyMode.Origin o = open.remove(layer);
                    if (o != null) {
                        o.close();
                    }
                }
            }));
        }
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        start();
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        this.epoch = epoch;
    }

    @Override
    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
        step++;
        AnomalyMode.step(step, "epoch " + (epoch + 1) + ", batch " + (batch + 1));
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        for (Variable v : model().trainableVariables()) {
            float[] d = v.value().data();
            for (int i = 0; i < d.length; i++) {
                if (d[i] - d[i] != 0f) {
                    close();
                    throw new ArithmeticException("anomaly detected in the optimizer update: weight '" + v.name()
                            + "' holds " + (Float.isNaN(d[i]) ? "NaN" : "Inf") + " at element " + i
                            + " after step " + step + " (epoch " + (epoch + 1) + ", batch " + (batch + 1)
                            + ") although every gradient was finite; try a lower learning rate");
                }
            }
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        close();
    }

    @Override
    public void onTrainAborted(Throwable error) {
        close();
    }

    /** Turns the mode off and removes the hooks; closing twice does nothing. */
    @Override
    public void close() {
        for (ForwardHook.Handle h : handles) {
            h.close();
        }
        handles.clear();
        open.clear();
        if (mode != null) {
            mode.close();
            mode = null;
        }
    }
}
