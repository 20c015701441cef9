package io.cambium.lab.experiments;

import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.support.ZooReports;
import io.cambium.zoo.experiments.vision.Q07Transfer;
import java.util.List;

/**
 * Question 7: transfer learning from a ResNet pretrained on Fashion-MNIST classes 0-4 to classes
 * 5-9 with few labelled images: from scratch, feature extraction, fine-tuning (cambium-zoo's
 * {@link Q07Transfer}).
 */
public final class Q07TransferLearning implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(7);
    }

    @Override
    public String title() {
        return "Transfer learning: a pretrained backbone against training from scratch on 50 images per class";
    }

    @Override
    public String summary() {
        return "The textbook answer: a model pretrained on a large data set has learned general features that a new task "
                + "can reuse, which reduces overfitting and training time when the new task has little data. The "
                + "experiment pretrains a ResNet on five Fashion-MNIST classes (30,000 images) and moves it to the other "
                + "five with a few labelled images per class: trained from scratch, as a frozen feature extractor under a "
                + "new head, and fine-tuned.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        Q07Transfer.Options o = mode == Mode.QUICK ? Q07Transfer.Options.quick().seeds(seed)
                : Q07Transfer.Options.full().seeds(seed, seed + 1, seed + 2);
        return ZooReports.result(Q07Transfer.run(o.progress(ZooReports.progress(progress))));
    }
}
