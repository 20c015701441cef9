package io.cambium.nn.diagnostics;

import io.cambium.Cambium;
import io.cambium.nn.Layer;
import io.cambium.nn.Sequential;
import io.cambium.nn.initializers.Initializers;
import io.cambium.nn.layers.core.Activation;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.normalization.BatchNormalization;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/** The networks and data of the vanishing/exploding-gradient experiments, small enough for tests. */
final class DiagnosticModels {
    private DiagnosticModels() {
    }

    /** Gaussian inputs, labels from a random linear teacher (learnable). */
    static Tensor inputs(int n, int d, long seed) {
        return Tensor.normal(new Rng(seed), 0f, 1f, n, d);
    }

    static int[] teacherLabels(Tensor x, int classes, long seed) {
        int n = x.dim(0);
        int d = x.dim(1);
        float[] w = Tensor.normal(new Rng(seed + 1), 0f, 1f, d, classes).data();
        float[] xd = x.data();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += xd[i * d + k] * w[k * classes + c];
                }
                if (s > best) {
                    best = s;
                    y[i] = c;
                }
            }
        }
        return y;
    }

    /** {@code depth} Dense(width, sigmoid) layers (Keras's default Glorot init) and a softmax output. */
    static Sequential sigmoidMlp(int depth, int width, int in, int classes, long seed) {
        Cambium.seed(seed);
        List<Layer> ls = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            Dense d = new Dense(width).activation("sigmoid");
            ls.add(i == 0 ? d.inputShape(in) : d);
        }
        ls.add(new Dense(classes).activation("softmax"));
        return new Sequential(ls.toArray(new Layer[0]));
    }

    /** {@code depth} blocks Dense(width, He normal) - BatchNormalization - ReLU and a softmax output. */
    static Sequential reluHeBatchNormMlp(int depth, int width, int in, int classes, long seed) {
        Cambium.seed(seed);
        List<Layer> ls = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            Dense d = new Dense(width).kernelInitializer(Initializers.heNormal());
            ls.add(i == 0 ? d.inputShape(in) : d);
            ls.add(new BatchNormalization());
            ls.add(new Activation("relu"));
        }
        ls.add(new Dense(classes).activation("softmax"));
        return new Sequential(ls.toArray(new Layer[0]));
    }

    /** {@code depth} Dense(width, ReLU) layers and one linear output unit: a regressor. */
    static Sequential reluRegressor(int depth, int width, int in, long seed) {
        Cambium.seed(seed);
        List<Layer> ls = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            Dense d = new Dense(width).activation("relu");
            ls.add(i == 0 ? d.inputShape(in) : d);
        }
        ls.add(new Dense(1));
        return new Sequential(ls.toArray(new Layer[0]));
    }

    /** Names of the first {@code n} layers of a model (its Dense layers in order, for the sigmoid MLP). */
    static List<String> names(Sequential m, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(m.layers().get(i).name());
        }
        return out;
    }
}
