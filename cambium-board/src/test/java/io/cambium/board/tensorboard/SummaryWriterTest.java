package io.cambium.board.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Value;
import io.cambium.board.tensorboard.proto.DataClass;
import io.cambium.board.tensorboard.proto.DataType;
import io.cambium.board.tensorboard.proto.Event;
import io.cambium.board.tensorboard.proto.GraphDef;
import io.cambium.board.tensorboard.proto.HistogramProto;
import io.cambium.board.tensorboard.proto.NodeDef;
import io.cambium.board.tensorboard.proto.Summary;
import io.cambium.board.tensorboard.proto.TextPluginData;
import io.cambium.board.tensorboard.proto.hparams.HParamsPluginData;
import io.cambium.board.tensorboard.proto.hparams.Status;
import io.cambium.nn.Input;
import io.cambium.nn.Model;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.diagnostics.Histogram;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.merge.Concatenate;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of summary written, then decoded with protobuf-java and checked value by value. */
class SummaryWriterTest {
    @TempDir
    Path dir;


    @Test
    void everyKindOfSummaryDecodesToWhatWasWritten() throws Exception {
        float[] data = {-2.5f, -1f, 0f, 0f, 0.5f, 3f, Float.NaN, 7.25f};
        Histogram h = Histogram.of(data, data.length, 4);
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, Color.RED.getRGB());
        img.setRGB(2, 1, new Color(10, 200, 30).getRGB());
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("lr", 0.001);
        hp.put("optimizer", "adam");
        hp.put("batch_norm", true);
        Path run = dir.resolve("run");
        double[] clock = {1000.0};
        try (SummaryWriter w = new SummaryWriter(run, () -> clock[0]++)) {
            w.addScalar("loss", 0.123456789, 3);
            w.addScalar("loss", 1e-3, 4);
            w.addHistogram("weights", h, 5);
            w.addImage("picture", img, 6);
            w.addText("notes", "**Markdown** – ünïcode", 7);
            w.addHparams(hp, List.of(new SummaryWriter.HParamMetric("validation", "epoch_loss", true)));
            w.endHparams(true);
        }
        List<Event> events = EventFileReader.readDirectory(run);
        assertThat(events.get(0).getFileVersion()).isEqualTo("brain.Event:2");
        assertThat(events.get(0).getSourceMetadata().getWriter()).isEqualTo("cambium");

        List<Summary.Value> loss = Events.tagged(events, "loss");
        assertThat(loss).hasSize(2);
        assertThat(SummaryWriter.scalarValue(loss.get(0))).isEqualTo((float) 0.123456789);
        assertThat(SummaryWriter.scalarValue(loss.get(1))).isEqualTo(1e-3f);
        assertThat(loss.get(0).getMetadata().getPluginData().getPluginName()).isEqualTo("scalars");
        assertThat(loss.get(1).hasMetadata()).isFalse(); // only the first value of a tag carries it
        assertThat(events.stream().filter(e -> e.hasSummary() && e.getSummary().getValue(0).getTag().equals("loss"))
                .map(Event::getStep).toList()).containsExactly(3L, 4L);

        HistogramProto hist = Events.tagged(events, "weights").get(0).getHisto();
        assertThat(hist.getMin()).isEqualTo(-2.5);
        assertThat(hist.getMax()).isEqualTo(7.25);
        assertThat(hist.getNum()).isEqualTo(7); // the NaN is left out
        assertThat(hist.getSum()).isEqualTo(-2.5 - 1 + 0.5 + 3 + 7.25);
        assertThat(hist.getSumSquares()).isEqualTo(6.25 + 1 + 0.25 + 9 + 52.5625);
        assertThat(hist.getBucketLimitList()).containsExactly(-2.5 + 9.75 / 4, -2.5 + 2 * 9.75 / 4, -2.5 + 3 * 9.75 / 4,
                7.25);
        assertThat(hist.getBucketList()).containsExactly(2.0, 3.0, 1.0, 1.0);

        Summary.Image image = Events.tagged(events, "picture").get(0).getImage();
        assertThat(image.getWidth()).isEqualTo(3);
        assertThat(image.getHeight()).isEqualTo(2);
        assertThat(image.getColorspace()).isEqualTo(3);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.getEncodedImageString().toByteArray()));
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                assertThat(decoded.getRGB(x, y)).isEqualTo(img.getRGB(x, y));
            }
        }

        Summary.Value text = Events.tagged(events, "notes").get(0);
        assertThat(text.getTensor().getDtype()).isEqualTo(DataType.DT_STRING);
        assertThat(text.getTensor().getStringVal(0).toString(StandardCharsets.UTF_8))
                .isEqualTo("**Markdown** – ünïcode");
        assertThat(text.getMetadata().getPluginData().getPluginName()).isEqualTo("text");
        assertThat(TextPluginData.parseFrom(text.getMetadata().getPluginData().getContent()).getVersion()).isZero();
        assertThat(text.getMetadata().getDataClass()).isEqualTo(DataClass.DATA_CLASS_TENSOR);

        HParamsPluginData exp = HParamsPluginData.parseFrom(
                Events.tagged(events, SummaryWriter.EXPERIMENT_TAG).get(0).getMetadata().getPluginData().getContent());
        assertThat(exp.getExperiment().getHparamInfosList()).extracting(i -> i.getName())
                .containsExactly("lr", "optimizer", "batch_norm");
        assertThat(exp.getExperiment().getHparamInfos(0).getType())
                .isEqualTo(io.cambium.board.tensorboard.proto.hparams.DataType.DATA_TYPE_FLOAT64);
        assertThat(exp.getExperiment().getMetricInfos(0).getName().getGroup()).isEqualTo("validation");
        assertThat(exp.getExperiment().getMetricInfos(0).getName().getTag()).isEqualTo("epoch_loss");
        HParamsPluginData start = HParamsPluginData.parseFrom(Events.tagged(events, SummaryWriter.SESSION_START_INFO_TAG)
                .get(0).getMetadata().getPluginData().getContent());
        Map<String, Value> v = start.getSessionStartInfo().getHparamsMap();
        assertThat(v.get("lr").getNumberValue()).isEqualTo(0.001);
        assertThat(v.get("optimizer").getStringValue()).isEqualTo("adam");
        assertThat(v.get("batch_norm").getBoolValue()).isTrue();
        HParamsPluginData end = HParamsPluginData.parseFrom(Events.tagged(events, SummaryWriter.SESSION_END_INFO_TAG)
                .get(0).getMetadata().getPluginData().getContent());
        assertThat(end.getSessionEndInfo().getStatus()).isEqualTo(Status.STATUS_SUCCESS);
        assertThat(Events.tagged(events, SummaryWriter.SESSION_END_INFO_TAG).get(0).getTensor().getTensorShape().getDim(0)
                .getSize()).isZero();
        // Wall times come from the clock, one tick per event.
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).getWallTime()).isGreaterThanOrEqualTo(1000.0);
        }
    }

    @Test
    void theModelGraphNamesEveryLayerItsInputsShapesAndParameters() throws Exception {
        SymbolicTensor a = Input.shape(4);
        SymbolicTensor b = Input.shape(3);
        Dense da = new Dense(5).name("da");
        Dense db = new Dense(5).name("db");
        SymbolicTensor merged = new Concatenate().name("cat").apply(da.apply(a), db.apply(b));
        Model m = new Model(List.of(a, b), List.of(new Dense(2).name("head").apply(merged)), "net");
        GraphDef g = ModelGraph.trace(m);
        Path run = dir.resolve("graph");
        try (SummaryWriter w = new SummaryWriter(run)) {
            w.addGraph(g);
        }
        Event e = EventFileReader.readDirectory(run).get(1);
        GraphDef back = GraphDef.parseFrom(e.getGraphDef());
        assertThat(back).isEqualTo(g);
        Map<String, NodeDef> nodes = new LinkedHashMap<>();
        for (NodeDef n : back.getNodeList()) {
            nodes.put(n.getName(), n);
        }
        assertThat(nodes.get("net/da").getOp()).isEqualTo("Dense");
        assertThat(nodes.get("net/da").getInputList()).hasSize(1);
        assertThat(nodes.get("net/cat").getInputList()).containsExactly("net/da", "net/db");
        assertThat(nodes.get("net/head").getInputList()).containsExactly("net/cat");
        assertThat(nodes.get("net/head").getAttrOrThrow("params").getI()).isEqualTo(10 * 2 + 2);
        assertThat(nodes.get("net/cat").getAttrOrThrow("_output_shapes").getList().getShape(0).getDimList())
                .extracting(d -> d.getSize()).containsExactly(-1L, 10L);
        assertThat(nodes.get("net/head").getAttrOrThrow("config").getS().toStringUtf8()).contains("\"units\":2");
    }
}
