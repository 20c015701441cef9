package io.cambium.cli.support;

import io.cambium.cli.UserError;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.pooling.MaxPooling2D;

import java.util.List;

/** Named model architectures for the commands' {@code --model} option. */
public final class Presets {
    private Presets() {
    }

    /** The preset names. */
    public static List<String> names() {
        return List.of("mlp", "cnn");
    }

    /**
     * A new model ending in Dense(classes, softmax): {@code mlp} = Flatten, Dense 128 ReLU;
     * {@code cnn} = the W3 network: Conv2D 32 3x3 same ReLU, MaxPooling 2, Conv2D 64 3x3 same ReLU,
     * MaxPooling 2, Flatten, Dense 128 ReLU (input [height, width, channels]).
     */
    public static Model build(String name, int[] sampleShape, int classes) {
        Sequential m = new Sequential();
        m.input(sampleShape);
        switch (name) {
            case "mlp" -> {
                m.add(new Flatten());
                m.add(new Dense(128).activation("relu"));
            }
            case "cnn" -> {
                if (sampleShape.length != 3) {
                    throw new UserError("model 'cnn' needs image samples [height, width, channels], got "
                            + io.cambium.tensor.Shape.str(sampleShape));
                }
                m.add(new Conv2D(32, 3).padding("same").activation("relu"));
                m.add(new MaxPooling2D(2));
                m.add(new Conv2D(64, 3).padding("same").activation("relu"));
                m.add(new MaxPooling2D(2));
                m.add(new Flatten());
                m.add(new Dense(128).activation("relu"));
            }
            default -> throw new UserError("unknown model '" + name + "' (presets: " + String.join(", ", names())
                    + "; or a JSON spec file)");
        }
        m.add(new Dense(classes).activation("softmax"));
        return m;
    }
}
