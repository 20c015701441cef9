package io.cambium.lab.experiments;

import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.support.ZooReports;
import java.util.List;

/**
 * Question 39: residual connections, as plain networks against the same networks with identity
 * and projection shortcuts at several depths (cambium-zoo's
 * {@link io.cambium.zoo.experiments.vision.Q39ResidualConnections}).
 */
public final class Q39ResidualConnections implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(39);
    }

    @Override
    public String title() {
        return "Residual connections: plain networks against the same networks with shortcuts, as they get deeper";
    }

    @Override
    public String summary() {
        return "The textbook answer: a shortcut adds a block's input to its output, so the block learns a residual and "
                + "gradients reach the early layers directly; identities where the shapes agree, 1x1 projections where "
                + "they do not. The experiment trains the ResNet paper's small-image networks at several depths with "
                + "and without shortcuts and measures the gradient reaching the first layer and the training loss.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        // The zoo's quick setting (depths 8 and 20 on 1,000 images) took 77 CPU-seconds, depths 8 and 14 on 800
        // images 37 (warm JIT), on 500 images 29 in a fresh JVM; 400 images keep the quick run under 30 s.
        var o = mode == Mode.QUICK
                ? io.cambium.zoo.experiments.vision.Q39ResidualConnections.Options.quick().depths(8, 14).data(400, 300, 3)
                : io.cambium.zoo.experiments.vision.Q39ResidualConnections.Options.full();
        return ZooReports.result(io.cambium.zoo.experiments.vision.Q39ResidualConnections.run(
                o.seed(seed).progress(ZooReports.progress(progress))));
    }
}
