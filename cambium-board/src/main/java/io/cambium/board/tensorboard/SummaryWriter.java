package io.cambium.board.tensorboard;

import com.google.protobuf.ByteString;
import com.google.protobuf.ListValue;
import com.google.protobuf.Value;
import io.cambium.board.tensorboard.proto.DataClass;
import io.cambium.board.tensorboard.proto.DataType;
import io.cambium.board.tensorboard.proto.Event;
import io.cambium.board.tensorboard.proto.GraphDef;
import io.cambium.board.tensorboard.proto.HistogramProto;
import io.cambium.board.tensorboard.proto.Summary;
import io.cambium.board.tensorboard.proto.SummaryMetadata;
import io.cambium.board.tensorboard.proto.TensorProto;
import io.cambium.board.tensorboard.proto.TensorShapeProto;
import io.cambium.board.tensorboard.proto.TextPluginData;
import io.cambium.board.tensorboard.proto.hparams.Experiment;
import io.cambium.board.tensorboard.proto.hparams.HParamInfo;
import io.cambium.board.tensorboard.proto.hparams.HParamsPluginData;
import io.cambium.board.tensorboard.proto.hparams.MetricInfo;
import io.cambium.board.tensorboard.proto.hparams.MetricName;
import io.cambium.board.tensorboard.proto.hparams.SessionEndInfo;
import io.cambium.board.tensorboard.proto.hparams.SessionStartInfo;
import io.cambium.board.tensorboard.proto.hparams.Status;
import io.cambium.nn.diagnostics.Histogram;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;
import javax.imageio.ImageIO;

/**
 * Writes TensorBoard summaries to an event file in one run directory, as PyTorch's
 * {@code SummaryWriter} and TensorFlow's summary ops do: scalars, histograms, images (PNG), text,
 * the model graph and hyperparameters. Each tag's first value carries the metadata that tells
 * TensorBoard which plugin shows it.
 * <pre>{@code
 * try (var w = new SummaryWriter(Path.of("runs/exp1"))) {
 *     w.addScalar("loss", 0.25, 1);
 * }
 * }</pre>
 */
public final class SummaryWriter implements Closeable {
    /**
     * The value of a scalar as {@link #addScalar} and TensorFlow write it (a rank-0 float tensor,
     * in {@code tensor_content} or {@code float_val}), or of a {@code simple_value}.
     *
     * @throws IllegalArgumentException when the value is not a scalar
     */
    public static float scalarValue(Summary.Value v) {
        if (v.hasSimpleValue()) {
            return v.getSimpleValue();
        }
        TensorProto t = v.getTensor();
        if (v.hasTensor() && t.getDtype() == DataType.DT_FLOAT && t.getTensorShape().getDimCount() == 0) {
            if (t.getFloatValCount() == 1) {
                return t.getFloatVal(0);
            }
            if (t.getTensorContent().size() == 4) {
                return ByteBuffer.wrap(t.getTensorContent().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getFloat(0);
            }
        }
        throw new IllegalArgumentException("summary value '" + v.getTag() + "' is not a scalar");
    }

    /** The hparams plugin's tags (TensorBoard's {@code tensorboard.plugins.hparams.metadata}). */
    public static final String EXPERIMENT_TAG = "_hparams_/experiment";
    /** The tag of the hyperparameter values of a session (a run). */
    public static final String SESSION_START_INFO_TAG = "_hparams_/session_start_info";
    /** The tag of a session's end and status. */
    public static final String SESSION_END_INFO_TAG = "_hparams_/session_end_info";

    private final Path logDir;
    private final EventFileWriter events;
    private final Set<String> described = new HashSet<>();
    private final DoubleSupplier clock;

    /** A writer of a new event file in {@code logDir} (created if needed). */
    public SummaryWriter(Path logDir) {
        this(logDir, () -> System.currentTimeMillis() / 1000.0);
    }

    /** With the wall time (seconds since the epoch) taken from {@code clock}. */
    SummaryWriter(Path logDir, DoubleSupplier clock) {
        this.logDir = logDir;
        this.clock = clock;
        try {
            this.events = new EventFileWriter(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an event file in " + logDir + ": " + e.getMessage(), e);
        }
    }

    /** The run directory. */
    public Path logDir() {
        return logDir;
    }

    /** The event file being written. */
    public Path file() {
        return events.file();
    }

    private double now() {
        return clock.getAsDouble();
    }

    private void writeValue(Summary.Value.Builder value, String plugin, ByteString content, DataClass dataClass,
                            long step) {
        if (described.add(value.getTag())) {
            SummaryMetadata.Builder md = SummaryMetadata.newBuilder().setPluginData(
                    SummaryMetadata.PluginData.newBuilder().setPluginName(plugin).setContent(content));
            if (dataClass != DataClass.DATA_CLASS_UNKNOWN) {
                md.setDataClass(dataClass);
            }
            value.setMetadata(md);
        }
        events.write(Event.newBuilder().setWallTime(now()).setStep(step)
                .setSummary(Summary.newBuilder().addValue(value)).build());
    }

    /**
     * A scalar, stored as TensorFlow 2's {@code tf.summary.scalar} does: a rank-0 float32 tensor
     * (its 4 bytes in {@code tensor_content}) for the scalars plugin (so the value is rounded to float32, TensorBoard's scalar type; the
     * record is byte for byte TensorFlow's, wall time aside).
     */
    public void addScalar(String tag, double value, long step) {
        byte[] le = new byte[4];
        ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, (float) value);
        TensorProto t = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
                .setTensorShape(TensorShapeProto.getDefaultInstance()).setTensorContent(ByteString.copyFrom(le)).build();
        writeValue(Summary.Value.newBuilder().setTag(tag).setTensor(t), "scalars", ByteString.EMPTY,
                DataClass.DATA_CLASS_UNKNOWN, step);
    }

    /** The histogram of the first {@code n} values in 30 equal-width buckets. */
    public void addHistogram(String tag, float[] values, int n, long step) {
        addHistogram(tag, Histogram.of(values, n, Histogram.DEFAULT_BUCKETS), step);
    }

    /** A histogram, as a {@code HistogramProto} (the histograms and distributions dashboards). */
    public void addHistogram(String tag, Histogram h, long step) {
        HistogramProto.Builder p = HistogramProto.newBuilder().setMin(h.min()).setMax(h.max()).setNum(h.count())
                .setSum(h.sum()).setSumSquares(h.sumSquares());
        double[] edges = h.upperEdges();
        long[] counts = h.counts();
        for (int i = 0; i < edges.length; i++) {
            p.addBucketLimit(edges[i]);
            p.addBucket(counts[i]);
        }
        writeValue(Summary.Value.newBuilder().setTag(tag).setHisto(p), "histograms", ByteString.EMPTY,
                DataClass.DATA_CLASS_UNKNOWN, step);
    }

    /** An image, encoded as PNG. */
    public void addImage(String tag, BufferedImage image, long step) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", png)) {
                throw new IllegalStateException("no PNG encoder for this image type");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int colorspace = image.getColorModel().hasAlpha() ? 4 : image.getColorModel().getNumComponents() == 1 ? 1 : 3;
        Summary.Image img = Summary.Image.newBuilder().setHeight(image.getHeight()).setWidth(image.getWidth())
                .setColorspace(colorspace).setEncodedImageString(ByteString.copyFrom(png.toByteArray())).build();
        writeValue(Summary.Value.newBuilder().setTag(tag).setImage(img), "images", ByteString.EMPTY,
                DataClass.DATA_CLASS_UNKNOWN, step);
    }

    /** Text (Markdown) for the text plugin: a rank-0 string tensor. */
    public void addText(String tag, String text, long step) {
        TensorProto t = TensorProto.newBuilder().setDtype(DataType.DT_STRING)
                .setTensorShape(TensorShapeProto.getDefaultInstance())
                .addStringVal(ByteString.copyFrom(text, StandardCharsets.UTF_8)).build();
        writeValue(Summary.Value.newBuilder().setTag(tag).setTensor(t), "text",
                TextPluginData.newBuilder().setVersion(0).build().toByteString(), DataClass.DATA_CLASS_TENSOR, step);
    }

    /** The graph of a model (see {@link ModelGraph}), for the graphs dashboard. */
    public void addGraph(GraphDef graph) {
        events.write(Event.newBuilder().setWallTime(now()).setGraphDef(graph.toByteString()).build());
    }

    /**
     * A metric of the hparams dashboard: the scalar series {@code tag} of the run
     * {@code <this run>/<group>} (Keras's TensorBoard callback writes {@code epoch_loss} in
     * {@code train} and {@code validation}).
     */
    public record HParamMetric(String group, String tag, boolean validation) {
    }

    /**
     * The hyperparameters of this run for the hparams dashboard: the experiment's description (the
     * hyperparameters with their types and the metrics to compare) and this session's values.
     * Values are numbers, booleans or strings. Call {@link #endHparams(boolean)} when the run ends.
     */
    public void addHparams(Map<String, ?> hparams, List<HParamMetric> metrics) {
        Experiment.Builder exp = Experiment.newBuilder().setTimeCreatedSecs(now());
        SessionStartInfo.Builder start = SessionStartInfo.newBuilder().setStartTimeSecs(now());
        for (Map.Entry<String, ?> e : hparams.entrySet()) {
            Object v = e.getValue();
            HParamInfo.Builder info = HParamInfo.newBuilder().setName(e.getKey());
            Value.Builder pv = Value.newBuilder();
            if (v instanceof Number n) {
                info.setType(io.cambium.board.tensorboard.proto.hparams.DataType.DATA_TYPE_FLOAT64);
                pv.setNumberValue(n.doubleValue());
            } else if (v instanceof Boolean b) {
                info.setType(io.cambium.board.tensorboard.proto.hparams.DataType.DATA_TYPE_BOOL);
                pv.setBoolValue(b);
            } else if (v != null) {
                info.setType(io.cambium.board.tensorboard.proto.hparams.DataType.DATA_TYPE_STRING);
                pv.setStringValue(v.toString());
                info.setDomainDiscrete(ListValue.newBuilder().addValues(Value.newBuilder().setStringValue(v.toString())));
            } else {
                throw new IllegalArgumentException("hyperparameter '" + e.getKey() + "' is null");
            }
            exp.addHparamInfos(info);
            start.putHparams(e.getKey(), pv.build());
        }
        for (HParamMetric m : metrics) {
            exp.addMetricInfos(MetricInfo.newBuilder().setName(MetricName.newBuilder().setGroup(m.group())
                    .setTag(m.tag())).setDatasetType(m.validation()
                    ? io.cambium.board.tensorboard.proto.hparams.DatasetType.DATASET_VALIDATION
                    : io.cambium.board.tensorboard.proto.hparams.DatasetType.DATASET_TRAINING));
        }
        writeHparams(EXPERIMENT_TAG, HParamsPluginData.newBuilder().setVersion(0).setExperiment(exp).build());
        writeHparams(SESSION_START_INFO_TAG,
                HParamsPluginData.newBuilder().setVersion(0).setSessionStartInfo(start).build());
    }

    /** Ends this run's hparams session, successful or not. */
    public void endHparams(boolean success) {
        writeHparams(SESSION_END_INFO_TAG, HParamsPluginData.newBuilder().setVersion(0)
                .setSessionEndInfo(SessionEndInfo.newBuilder().setEndTimeSecs(now())
                        .setStatus(success ? Status.STATUS_SUCCESS : Status.STATUS_FAILURE)).build());
    }

    private void writeHparams(String tag, HParamsPluginData data) {
        // The hparams plugin's "null tensor": an empty float vector, since the data is in the metadata.
        TensorProto nothing = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(
                TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(0))).build();
        described.remove(tag);
        writeValue(Summary.Value.newBuilder().setTag(tag).setTensor(nothing), "hparams", data.toByteString(),
                DataClass.DATA_CLASS_UNKNOWN, 0);
    }

    /** Writes what is buffered to the file. */
    public void flush() {
        events.flush();
    }

    @Override
    public void close() {
        events.close();
    }
}
