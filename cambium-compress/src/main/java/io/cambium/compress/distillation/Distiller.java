package io.cambium.compress.distillation;

import io.cambium.Cambium;
import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.util.ArrayList;
import java.util.List;

/**
 * Knowledge distillation (Hinton et al. 2015; the Keras "Knowledge Distillation" example): a
 * student learns from the hard labels and from the teacher's softened predictions,
 * {@code loss = alpha · CE(y, student) + (1 - alpha) · T² · KL(softmax(teacher/T) ‖ softmax(student/T))},
 * the KL divergence summed over classes and averaged over the batch ({@code batchmean}); the T²
 * keeps the soft term's gradients at the scale of the hard one. Both models output logits; the
 * teacher is only run for inference. Defaults as the Keras example: alpha 0.1, temperature 10.
 */
public final class Distiller {
    private final Model teacher;
    private final Model student;
    private final Optimizer optimizer;
    private double alpha = 0.1;
    private double temperature = 10;

    /** Distils {@code teacher} into {@code student}, updating the student with {@code optimizer}. */
    public Distiller(Model teacher, Model student, Optimizer optimizer) {
        this.teacher = teacher;
        this.student = student;
        this.optimizer = optimizer;
    }

    /** The weight of the hard-label loss (0 = only the teacher, 1 = no distillation). */
    public Distiller alpha(double a) {
        if (!(a >= 0 && a <= 1)) {
            throw new IllegalArgumentException("Distiller: alpha must be in [0, 1], got " + a);
        }
        this.alpha = a;
        return this;
    }

    /** The softmax temperature of the soft targets (greater than 0). */
    public Distiller temperature(double t) {
        if (!(t > 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("Distiller: temperature must be positive, got " + t);
        }
        this.temperature = t;
        return this;
    }

    /**
     * The distillation loss of one batch (differentiable with respect to the student's logits).
     *
     * @param labels class indices
     */
    public Tensor loss(Tensor studentLogits, Tensor teacherLogits, int[] labels) {
        float t = (float) temperature;
        int n = studentLogits.dim(0);
        Tensor hard = crossEntropy(studentLogits, labels);
        Tensor pTeacher = teacherLogits.div(t).softmax(-1).detach();
        Tensor logPTeacher = teacherLogits.div(t).logSoftmax(-1).detach();
        Tensor logPStudent = studentLogits.div(t).logSoftmax(-1);
        Tensor kl = pTeacher.mul(logPTeacher.sub(logPStudent)).sum().div(n);
        return hard.mul((float) alpha).add(kl.mul((float) ((1 - alpha) * temperature * temperature)));
    }

    private static Tensor crossEntropy(Tensor logits, int[] labels) {
        int n = logits.dim(0);
        int k = logits.dim(1);
        float[] oneHot = new float[n * k];
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("Distiller: label " + labels[i] + " outside 0.." + (k - 1));
            }
            oneHot[i * k + labels[i]] = 1f;
        }
        return logits.logSoftmax(-1).mul(new Tensor(oneHot, n, k)).sum().div(-n);
    }

    /**
     * Trains the student for {@code epochs} passes over {@code (x, labels)} in shuffled batches
     * and returns the mean loss of each epoch. Each epoch's order is drawn from the global generator
     * with the same draws as {@code Model.fit}'s shuffling, so after the same seed a student trained
     * here and one trained by {@code fit} see the same batches; with alpha 1 the two trainings are
     * the same (up to the float rounding of the loss).
     */
    public List<Double> fit(Tensor x, int[] labels, int epochs, int batchSize) {
        int n = x.dim(0);
        if (labels.length != n) {
            throw new IllegalArgumentException("Distiller: " + n + " samples but " + labels.length + " labels");
        }
        List<Variable> vars = student.trainableVariables();
        List<Double> history = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            int[] order;
            synchronized (Cambium.rng()) {
                order = Cambium.rng().permutation(n);
            }
            double sum = 0;
            int batches = 0;
            for (int start = 0; start < n; start += batchSize) {
                int m = Math.min(batchSize, n - start);
                int[] idx = java.util.Arrays.copyOfRange(order, start, start + m);
                Tensor xb = x.indexSelect(0, idx);
                int[] yb = new int[m];
                for (int i = 0; i < m; i++) {
                    yb[i] = labels[idx[i]];
                }
                Tensor teacherLogits;
                try (NoGrad g = NoGrad.scope()) {
                    teacherLogits = teacher.call(xb, false);
                }
                optimizer.zeroGrad(vars);
                Tensor loss = loss(student.call(xb, true), teacherLogits, yb);
                loss.backward();
                optimizer.step(vars);
                sum += loss.item();
                batches++;
            }
            history.add(sum / batches);
        }
        return history;
    }
}
