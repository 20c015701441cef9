package io.cambium.compress.lab;

import io.cambium.compress.distillation.Distiller;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.function.IntConsumer;

/**
 * How the distillation comparison trains its students, shared by {@link CompressionExperiment} and
 * {@link DistillationSelection} so both measure the same procedure: Adam 1e-3, batch 64, one epoch at
 * a time (the caller evaluates or reports between epochs). The caller seeds the global generator
 * before building the student; the weights are then drawn when the model is built and each epoch's
 * order by the shuffling of {@code fit} or the {@link Distiller} (the same draws), so the two
 * students of a seed start from the same weights and see the batches in the same order.
 */
final class StudentTraining {
    /** The students' learning rate (Adam), the one of the float32 CNN. */
    static final double LEARNING_RATE = 1e-3;
    /** The students' batch size. */
    static final int BATCH = 64;

    private StudentTraining() {
    }

    /** Trains {@code student} on the labels alone (Keras's {@code fit}), calling {@code afterEpoch(e)} after epoch e (1-based). */
    static void alone(Sequential student, Tensor x, int[] y, int epochs, IntConsumer afterEpoch) {
        student.compile(new Adam(LEARNING_RATE), Losses.sparseCategoricalCrossentropy(true), Metrics.accuracy());
        for (int e = 1; e <= epochs; e++) {
            student.fit(x, y, FitConfig.epochs(1).batchSize(BATCH).quiet());
            afterEpoch.accept(e);
        }
    }

    /** Trains {@code student} with distillation from {@code teacher}, calling {@code afterEpoch(e)} after epoch e. */
    static void distilled(Model teacher, Sequential student, Tensor x, int[] y, double alpha, double temperature,
                          int epochs, IntConsumer afterEpoch) {
        Distiller d = new Distiller(teacher, student, new Adam(LEARNING_RATE)).alpha(alpha).temperature(temperature);
        for (int e = 1; e <= epochs; e++) {
            d.fit(x, y, 1, BATCH);
            afterEpoch.accept(e);
        }
    }

    /** CPU time of the whole process in nanoseconds (all threads), or 0 where the JVM does not report it. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    /** The system's 1-minute load average (what {@code uptime} prints first), or -1 where unknown. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
