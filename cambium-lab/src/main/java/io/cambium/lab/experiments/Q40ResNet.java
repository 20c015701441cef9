package io.cambium.lab.experiments;

import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.support.ZooReports;
import java.util.List;

/**
 * Question 40: designing a ResNet (depth, width, BatchNorm) and the zoo's pretrained ResNet on
 * Fashion-MNIST (cambium-zoo's {@link io.cambium.zoo.experiments.vision.Q40ResNet}).
 */
public final class Q40ResNet implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(40);
    }

    @Override
    public String title() {
        return "Designing a ResNet: depth, width and BatchNorm, and the zoo's pretrained ResNet on Fashion-MNIST";
    }

    @Override
    public String summary() {
        return "The textbook answer: choose the depth for the task and the data, basic or bottleneck blocks, identity "
                + "or convolutional shortcuts, BatchNorm around the convolutions, ReLU, a suitable learning rate and "
                + "regularization; widen or compress the network for accuracy or cost. The experiment trains ResNet "
                + "variants the same way and evaluates the zoo's pretrained ResNet on the test set.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        // The zoo's quick setting (800 training and 500 test images) took 30 CPU-seconds in a fresh JVM; 600 and
        // 400 keep the quick run under 30 s. Full mode is the zoo's full setting.
        var o = mode == Mode.QUICK ? io.cambium.zoo.experiments.vision.Q40ResNet.Options.quick().data(600, 400, 2)
                : io.cambium.zoo.experiments.vision.Q40ResNet.Options.full();
        return ZooReports.result(io.cambium.zoo.experiments.vision.Q40ResNet.run(
                o.seed(seed).progress(ZooReports.progress(progress))));
    }
}
