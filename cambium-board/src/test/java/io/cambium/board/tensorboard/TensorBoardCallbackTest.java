package io.cambium.board.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.Cambium;
import io.cambium.board.ConfusionSource;
import io.cambium.board.tensorboard.proto.Event;
import io.cambium.board.tensorboard.proto.GraphDef;
import io.cambium.board.tensorboard.proto.Summary;
import io.cambium.board.tensorboard.proto.hparams.HParamsPluginData;
import io.cambium.board.tensorboard.proto.hparams.Status;
import io.cambium.nn.Sequential;
import io.cambium.nn.diagnostics.GradientDiagnostics;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short training run logged by the TensorBoard callback, decoded back and compared with History. */
class TensorBoardCallbackTest {
    @TempDir
    Path dir;

    /** tag -> step -> value, over all events of a run directory. */
    private static Map<String, Map<Long, Float>> scalars(List<Event> events) {
        Map<String, Map<Long, Float>> out = new TreeMap<>();
        for (Event e : events) {
            for (Summary.Value v : e.getSummary().getValueList()) {
                if (v.hasTensor() && v.getTensor().getDtype() == io.cambium.board.tensorboard.proto.DataType.DT_FLOAT
                        && v.getTensor().getTensorShape().getDimCount() == 0) {
                    out.computeIfAbsent(v.getTag(), k -> new TreeMap<>()).put(e.getStep(), SummaryWriter.scalarValue(v));
                }
            }
        }
        return out;
    }


    @Test
    void aDemoRunDecodesToTheSameScalarsAsHistoryExactly() throws Exception {
        Cambium.seed(5);
        Rng rng = new Rng(11);
        Tensor x = Tensor.normal(rng, 0f, 1f, 300, 6);
        int[] y = new int[300];
        for (int i = 0; i < y.length; i++) {
            y[i] = x.data()[i * 6] + x.data()[i * 6 + 1] > 0 ? 1 : x.data()[i * 6 + 2] > 0.5f ? 2 : 0;
        }
        Sequential m = new Sequential(new Dense(16).activation("relu").inputShape(6), new Dense(3).activation("softmax"));
        m.compile(new Adam(1e-2), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        GradientDiagnostics diagnostics = new GradientDiagnostics().every(3);
        Path logs = dir.resolve("run1");
        TensorBoard tb = new TensorBoard(logs).histogramFreq(1).updateFreq(2).diagnostics(diagnostics)
                .hparams(Map.of("learning_rate", 1e-2, "hidden", 16))
                .confusionMatrix(new ConfusionSource(x.narrow(0, 0, 60), java.util.Arrays.copyOf(y, 60),
                        List.of("zero", "one", "two")));
        History h = m.fit(x, y, FitConfig.epochs(3).batchSize(32).validationSplit(0.2).verbose(0)
                .callbacks(diagnostics, tb));

        List<Event> train = EventFileReader.readDirectory(logs.resolve("train"));
        List<Event> validation = EventFileReader.readDirectory(logs.resolve("validation"));
        List<Event> root = EventFileReader.readDirectory(logs);
        Map<String, Map<Long, Float>> ts = scalars(train);
        Map<String, Map<Long, Float>> vs = scalars(validation);
        int checked = 0;
        for (Map.Entry<String, List<Double>> e : h.history().entrySet()) {
            String k = e.getKey();
            Map<Long, Float> series = k.startsWith("val_") ? vs.get("epoch_" + k.substring(4)) : ts.get("epoch_" + k);
            assertThat(series).as(k).hasSize(e.getValue().size());
            for (int epoch = 0; epoch < e.getValue().size(); epoch++) {
                // Exactly History's value at TensorBoard's scalar precision (float32), bit for bit.
                assertThat(Float.floatToIntBits(series.get((long) epoch)))
                        .as(k + " epoch " + epoch).isEqualTo(Float.floatToIntBits(e.getValue().get(epoch).floatValue()));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(4 * 3); // loss, accuracy, val_loss, val_accuracy
        assertThat(ts.get("epoch_learning_rate").values()).containsOnly(1e-2f);
        // Batch values every 2 of the 8 steps per epoch, at the global step.
        assertThat(ts.get("batch_loss").keySet()).containsExactly(2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L, 20L, 22L, 24L);
        // Diagnostics: one record per 3 steps, each with the global norm and every layer's.
        assertThat(ts.get("gradients/global_norm").keySet()).hasSize(diagnostics.records().size());
        for (var rec : diagnostics.records()) {
            assertThat(ts.get("gradients/global_norm").get(rec.step())).isEqualTo((float) rec.globalGradNorm());
            for (var s : rec.layers()) {
                assertThat(ts.get("gradients/" + s.layer() + "/norm").get(rec.step())).isEqualTo((float) s.gradNorm());
                assertThat(ts.get("activations/" + s.layer() + "/mean").get(rec.step()))
                        .isEqualTo((float) s.activationMean());
            }
        }
        assertThat(Events.tagged(train, "gradients/" + m.getLayer(0).name())).hasSize(diagnostics.records().size());
        // Weight histograms every epoch, for every variable.
        assertThat(Events.tagged(train, m.getLayer(0).name() + "/kernel")).hasSize(3);
        assertThat(Events.tagged(train, m.getLayer(0).name() + "/kernel").get(2).getHisto().getNum()).isEqualTo(6 * 16);
        // The graph of the model.
        Event graph = train.stream().filter(Event::hasGraphDef).findFirst().orElseThrow();
        assertThat(GraphDef.parseFrom(graph.getGraphDef()).getNodeList()).extracting(n -> n.getOp())
                .contains("Dense", "Placeholder");
        // Root: summary text, hparams with a successful end, learning curves and a confusion matrix per epoch.
        assertThat(Events.tagged(root, "model_summary").get(0).getTensor().getStringVal(0).toString(StandardCharsets.UTF_8))
                .contains(m.summaryString().trim());
        HParamsPluginData end = HParamsPluginData.parseFrom(Events.tagged(root, SummaryWriter.SESSION_END_INFO_TAG).get(0)
                .getMetadata().getPluginData().getContent());
        assertThat(end.getSessionEndInfo().getStatus()).isEqualTo(Status.STATUS_SUCCESS);
        HParamsPluginData start = HParamsPluginData.parseFrom(Events.tagged(root, SummaryWriter.SESSION_START_INFO_TAG)
                .get(0).getMetadata().getPluginData().getContent());
        assertThat(start.getSessionStartInfo().getHparamsMap().get("hidden").getNumberValue()).isEqualTo(16);
        assertThat(Events.tagged(root, "confusion_matrix")).hasSize(3);
        Summary.Image curves = Events.tagged(root, "learning_curves").get(0).getImage();
        assertThat(ImageIO.read(new ByteArrayInputStream(curves.getEncodedImageString().toByteArray())).getWidth())
                .isEqualTo(curves.getWidth()).isGreaterThan(500);
    }
}
