package io.cambium.spark.exec;

import io.cambium.nn.Model;
import io.cambium.nn.ModelConfig;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.losses.RowLoss;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.nn.optimizers.Optimizers;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What an executor needs to rebuild the driver's compiled model: the architecture as JSON, the
 * loss (as its config, or the object itself for a serializable custom loss), the optimizer's
 * config and the shape of one input row. Each fit gets a fresh id, so executors never mix up
 * replicas of different runs.
 */
public final class ModelSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String id = UUID.randomUUID().toString();
    private final String architecture;
    private final Map<String, Object> lossConfig;
    private final Loss customLoss;
    private final float lossWeight;
    private final Map<String, Object> optimizerConfig;
    private final int[] inputShape;

    /**
     * The spec of a compiled single-output model.
     *
     * @throws IllegalArgumentException when the loss can be neither re-created nor serialized
     */
    public ModelSpec(Model model, int[] inputShape) {
        this.architecture = ModelConfig.toJson(model);
        Loss loss = model.trainer().losses().get(0);
        if (loss instanceof RowLoss r) {
            this.lossConfig = Losses.toConfig(r);
            this.customLoss = null;
        } else if (loss instanceof Serializable) {
            this.lossConfig = null;
            this.customLoss = loss;
        } else {
            throw new IllegalArgumentException(model.describe() + ": the custom loss " + loss.getClass().getName()
                    + " must implement java.io.Serializable to be sent to Spark executors");
        }
        this.lossWeight = model.trainer().lossWeights()[0];
        this.optimizerConfig = model.optimizer().config();
        this.inputShape = inputShape.clone();
    }

    /** The run's id. */
    public String id() {
        return id;
    }

    /** The weight of the loss in the total. */
    public float lossWeight() {
        return lossWeight;
    }

    /** A new replica: the model rebuilt and built for the input shape, and its loss. */
    @SuppressWarnings("try") // the scope is entered for its effect on the enclosed calls
    Replica build() {
        Model m = ModelConfig.fromJson(architecture);
        int[] batch = new int[inputShape.length + 1];
        batch[0] = 1;
        System.arraycopy(inputShape, 0, batch, 1, inputShape.length);
        int n = 1;
        for (int d : inputShape) {
            n *= d;
        }
        // One inference pass creates the weights of layers built lazily.
        try (NoGrad g = NoGrad.scope()) {
            m.applyAll(List.of(new Tensor(new float[n], batch)), false);
        }
        m.clearLosses();
        Loss loss = customLoss != null ? customLoss : Losses.fromConfig(copy(lossConfig));
        return new Replica(m, loss);
    }

    /** A new optimizer with the driver's hyperparameters and no state. */
    Optimizer optimizer() {
        return Optimizers.fromConfig(copy(optimizerConfig));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> m) {
        return (Map<String, Object>) deepCopy(m);
    }

    private static Object deepCopy(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put((String) e.getKey(), deepCopy(e.getValue()));
            }
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                out.add(deepCopy(x));
            }
            return out;
        }
        return o;
    }
}
