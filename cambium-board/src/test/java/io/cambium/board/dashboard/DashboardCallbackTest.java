package io.cambium.board.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.Cambium;
import io.cambium.board.tensorboard.TensorBoard;
import io.cambium.nn.Sequential;
import io.cambium.nn.diagnostics.AnomalyDetection;
import io.cambium.nn.diagnostics.GradientDiagnostics;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.optimizers.SGD;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.AnomalyException;
import io.cambium.tensor.random.Rng;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardCallbackTest {
    @TempDir
    Path dir;

    private final Tensor x = Tensor.normal(new Rng(4), 0f, 1f, 160, 5);
    private final int[] y = labels(x);

    private static int[] labels(Tensor x) {
        int[] y = new int[x.dim(0)];
        for (int i = 0; i < y.length; i++) {
            y[i] = x.data()[i * 5] > 0 ? 1 : 0;
        }
        return y;
    }

    private static Sequential model(long seed) {
        Cambium.seed(seed);
        Sequential m = new Sequential(new Dense(8).activation("relu").inputShape(5), new Dense(2).activation("softmax"));
        m.compile(new Adam(1e-2), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        return m;
    }

    private static Dashboard quiet() {
        return new Dashboard().out(new PrintStream(new ByteArrayOutputStream()));
    }

    private static JsonNode state(Dashboard d) throws IOException {
        return new ObjectMapper().readTree(Http.get(d.server().port(), "/api/state").body());
    }

    @Test
    void theServerStopsWithTheRunUnlessAskedToStay() throws Exception {
        Dashboard gone = quiet();
        model(1).fit(x, y, FitConfig.epochs(1).batchSize(32).verbose(0).callbacks(gone));
        assertThat(gone.server().isRunning()).isFalse();
        int port = gone.server().port();
        assertThatThrownBy(() -> Http.get(port, "/")).isInstanceOf(IOException.class);

        Dashboard stays = quiet().stay(true).runName("kept");
        Sequential m = model(1);
        History h = m.fit(x, y, FitConfig.epochs(2).batchSize(32).validationSplit(0.25).verbose(0).callbacks(stays));
        try {
            assertThat(stays.server().isRunning()).isTrue();
            JsonNode run = state(stays).get("runs").get(0);
            assertThat(run.get("name").asText()).isEqualTo("kept");
            assertThat(run.get("status").asText()).isEqualTo("finished");
            assertThat(run.get("epochs")).hasSize(2);
            assertThat(run.get("epochs").get(1).get("val_loss").asDouble()).isEqualTo(h.last("val_loss"));
            assertThat(run.get("steps")).hasSize(8);
            assertThat(run.get("steps").get(7).get("learning_rate").asDouble()).isEqualTo((double) 1e-2f);
            assertThat(run.get("summary").asText()).contains("Total params");
        } finally {
            stays.close();
        }
        assertThat(stays.server().isRunning()).isFalse();
    }

    @Test
    void runsLoggedEarlierAreComparedSideBySide() throws Exception {
        History[] histories = new History[2];
        GradientDiagnostics[] diagnostics = new GradientDiagnostics[2];
        for (int i = 0; i < 2; i++) {
            diagnostics[i] = new GradientDiagnostics().every(2);
            histories[i] = model(10 + i).fit(x, y, FitConfig.epochs(2).batchSize(32).validationSplit(0.25).verbose(0)
                    .callbacks(diagnostics[i], new TensorBoard(dir.resolve("run_" + i)).updateFreq(1)
                            .diagnostics(diagnostics[i]).hparams(Map.of("seed", 10 + i))));
        }
        Dashboard d = quiet().compareWith(dir).start();
        try {
            JsonNode runs = state(d).get("runs");
            assertThat(runs).hasSize(2);
            for (int i = 0; i < 2; i++) {
                JsonNode r = runs.get(i);
                assertThat(r.get("name").asText()).isEqualTo("run_" + i);
                assertThat(r.get("status").asText()).isEqualTo("finished");
                assertThat(r.get("hparams").get("seed").asDouble()).isEqualTo(10 + i);
                for (int e = 0; e < 2; e++) {
                    for (String k : List.of("loss", "accuracy", "val_loss", "val_accuracy")) {
                        assertThat(r.get("epochs").get(e).get(k).asDouble()).as(k)
                                .isEqualTo((double) (float) histories[i].history().get(k).get(e).doubleValue());
                    }
                }
                assertThat(r.get("steps")).hasSize(8);
                assertThat(r.get("gradients")).hasSize(diagnostics[i].records().size());
                assertThat(r.get("gradients").get(0).get("layers")).hasSize(2);
            }
        } finally {
            d.close();
        }
    }

    @Test
    void aRunStoppedByAnAnomalyShowsAsFailedWithTheMessage() throws Exception {
        Cambium.seed(2);
        Sequential m = new Sequential(new Dense(32).activation("relu").inputShape(5), new Dense(32).activation("relu"),
                new Dense(32).activation("relu"), new Dense(1));
        m.compile(new SGD(5.0), Losses.meanSquaredError());
        Tensor target = Tensor.normal(new Rng(5), 0f, 100f, 160, 1);
        Dashboard d = quiet().stay(true);
        try {
            assertThatThrownBy(() -> m.fit(x, target, FitConfig.epochs(3).batchSize(16).verbose(0)
                    .callbacks(new AnomalyDetection(), d))).isInstanceOf(AnomalyException.class);
            JsonNode run = state(d).get("runs").get(0);
            assertThat(run.get("status").asText()).isEqualTo("failed");
            assertThat(run.get("message").asText()).startsWith("anomaly detected");
        } finally {
            d.close();
        }
    }
}
