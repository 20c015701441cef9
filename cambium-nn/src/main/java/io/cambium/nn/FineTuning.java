package io.cambium.nn;

import io.cambium.nn.layers.normalization.BatchNormalization;
import java.util.List;

/**
 * Partial unfreezing for fine-tuning, the second phase of transfer learning: after a new head is
 * trained on a frozen backbone, the top layers of the backbone are unfrozen and trained on with a
 * lower learning rate. BatchNormalization layers stay frozen by default, which keeps them in
 * inference mode (Keras's advice: their statistics come from the large data set, and a few batches
 * of the new one would replace them).
 *
 * <p>Freezing is {@link Layer#trainable(boolean)}; the next {@code fit} trains only what is
 * trainable then (compile again to change the learning rate).
 */
public final class FineTuning {
    private FineTuning() {
    }

    /**
     * Freezes the layers of {@code model} before the one named {@code layerName} (in
     * {@link Model#layers()} order) and unfreezes that layer and every later one, except
     * BatchNormalization layers, which stay frozen.
     *
     * @throws IllegalArgumentException when the model has no layer of that name
     */
    public static void unfreezeFrom(Model model, String layerName) {
        unfreezeFrom(model, layerName, true);
    }

    /**
     * {@link #unfreezeFrom(Model, String)}, choosing whether BatchNormalization layers in the
     * unfrozen part stay frozen (in inference mode).
     */
    public static void unfreezeFrom(Model model, String layerName, boolean keepBatchNormFrozen) {
        List<Layer> layers = model.layers();
        int from = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).name().equals(layerName)) {
                from = i;
                break;
            }
        }
        if (from < 0) {
            throw new IllegalArgumentException(model.describe() + ": no layer named '" + layerName + "' to unfreeze from");
        }
        setFrom(model, from, keepBatchNormFrozen);
    }

    /** Unfreezes the last {@code count} layers of {@code model} and freezes the others (BatchNorm stays frozen). */
    public static void unfreezeLast(Model model, int count) {
        List<Layer> layers = model.layers();
        if (count < 0 || count > layers.size()) {
            throw new IllegalArgumentException(model.describe() + ": cannot unfreeze the last " + count + " of its "
                    + layers.size() + " layers");
        }
        setFrom(model, layers.size() - count, true);
    }

    private static void setFrom(Model model, int from, boolean keepBatchNormFrozen) {
        // The model itself must be trainable, or its frozen flag would hide the unfrozen layers' variables.
        model.trainable(true);
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).trainable(i >= from);
        }
        if (keepBatchNormFrozen) {
            for (Layer l : model.allLayersIncludingSelf()) {
                if (l instanceof BatchNormalization) {
                    l.trainable(false);
                }
            }
        }
    }
}
