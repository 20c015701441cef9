package io.cambium.zoo.transfer;

import io.cambium.nn.FineTuning;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Dropout;
import io.cambium.nn.layers.merge.Concatenate;
import io.cambium.nn.layers.pooling.GlobalAveragePooling2D;
import java.util.ArrayList;
import java.util.List;

/**
 * The two phases of transfer learning as in Keras's guide, on a pretrained backbone (a zoo model
 * built with {@code includeTop(false)} and {@code weights(...)}):
 * <ol>
 *   <li>{@link #featureExtractor}: the backbone frozen (its BatchNorm layers in inference mode), a
 *       new head trained on the new classes;</li>
 *   <li>{@link #unfreezeTop}: the backbone's last layers unfrozen (BatchNorm kept frozen), trained
 *       on with a learning rate ten to a hundred times lower, after compiling again.</li>
 * </ol>
 * The result is an ordinary {@link Sequential} whose first layer is the functional backbone; it
 * saves and loads as one model file.
 */
public final class TransferLearning {
    private TransferLearning() {
    }

    /**
     * A classifier for {@code classes} classes on the frozen {@code backbone}: global average
     * pooling when the backbone outputs feature maps, dropout, and a Dense softmax layer named
     * {@code head}.
     *
     * @param dropout the rate of the dropout before the classifier (Keras's guide: 0.2); 0 for none
     */
    public static Sequential featureExtractor(Model backbone, int classes, double dropout) {
        backbone.trainable(false);
        Sequential model = new Sequential(backbone);
        int[] out = backbone.outputs().get(0).shape();
        if (out.length == 4) {
            model.add(new GlobalAveragePooling2D().name("head_pool"));
        }
        if (dropout > 0) {
            model.add(new Dropout(dropout).name("head_dropout"));
        }
        model.add(new Dense(classes).activation("softmax").name("head"));
        return model;
    }

    /**
     * A model of the backbone's features at several stages: the global average of each named
     * layer's output (feature maps {@code [n, h, w, c]}; a vector output is taken as it is),
     * concatenated in the order given, as Keras's
     * {@code Model(base.input, Concatenate()([GlobalAveragePooling2D()(base.get_layer(n).output), ...]))}.
     * Earlier stages are less specific to the classes the backbone was trained on than the last
     * one. The model shares the backbone's layers (freezing one freezes the other).
     *
     * @throws IllegalArgumentException when no layer names are given or the backbone has no layer of a name
     */
    public static Model stageFeatures(Model backbone, String... layerNames) {
        if (layerNames.length == 0) {
            throw new IllegalArgumentException(backbone.describe() + ": stageFeatures needs at least one layer name");
        }
        List<SymbolicTensor> pooled = new ArrayList<>();
        for (String n : layerNames) {
            SymbolicTensor out = backbone.getLayer(n).output();
            pooled.add(out.shape().length == 4 ? new GlobalAveragePooling2D().name(n + "_gap").apply(out) : out);
        }
        SymbolicTensor features = pooled.size() == 1 ? pooled.get(0)
                : new Concatenate().name("stage_features").apply(pooled.toArray(new SymbolicTensor[0]));
        return new Model(backbone.inputs(), List.of(features), backbone.name() + "_stages");
    }

    /** The backbone of a model made by {@link #featureExtractor}. */
    public static Model backbone(Sequential classifier) {
        Layer first = classifier.layers().get(0);
        if (!(first instanceof Model m)) {
            throw new IllegalArgumentException(classifier.describe() + ": its first layer is " + first.describe()
                    + ", not a backbone model");
        }
        return m;
    }

    /**
     * Unfreezes the backbone from the layer named {@code fromLayer} to its end, BatchNorm
     * layers excepted (they stay in inference mode); earlier layers stay frozen. Compile again
     * with a lower learning rate before training on.
     */
    public static void unfreezeTop(Sequential classifier, String fromLayer) {
        FineTuning.unfreezeFrom(backbone(classifier), fromLayer);
    }
}
