package io.cambium.nn.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.Cambium;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.Variable;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.optimizers.SGD;
import io.cambium.nn.training.FitConfig;
import io.cambium.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that diverges in epoch 2 and is stopped by {@link TerminateOnNaN}: the checkpoint keeps
 * epoch 1's good weights, and the stopped epoch does not count as completed (so resuming redoes it).
 */
class DivergedRunTest {
    @TempDir
    Path dir;

    @Test
    void theLastGoodCheckpointSurvivesADivergedEpoch() throws Exception {
        Cambium.seed(2);
        Sequential m = new Sequential(new Dense(1).inputShape(2));
        m.compile(new SGD(0.05f), Losses.meanSquaredError());
        Tensor x = Tensor.rand(64, 2);
        Tensor y = x.sum(1, true);
        Path ckpt = dir.resolve("ckpt.cambium");
        TerminateOnNaN nan = new TerminateOnNaN();
        // Epoch 1 learns; epoch 2's learning rate of 1e30 makes the loss overflow at once.
        LearningRateScheduler blowUp = new LearningRateScheduler((epoch, lr) -> epoch == 0 ? 0.05 : 1e30);
        m.fit(x, y, FitConfig.epochs(3).batchSize(8).verbose(0).callbacks(blowUp, nan, new ModelCheckpoint(ckpt)));
        assertThat(nan.stoppedBatch()).as("the run diverged").isGreaterThanOrEqualTo(0);
        assertThat(m.completedEpochs()).as("the stopped epoch is not completed").isEqualTo(1);
        assertThat(Files.exists(ckpt)).isTrue();
        Model saved = Model.load(ckpt);
        assertThat(saved.completedEpochs()).isEqualTo(1);
        for (Variable v : saved.variables()) {
            for (float f : v.value().data()) {
                assertThat(Float.isFinite(f)).as("checkpointed weight").isTrue();
            }
        }
    }
}
