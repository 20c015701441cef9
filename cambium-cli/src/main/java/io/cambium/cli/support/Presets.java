package io.cambium.cli.support;

import io.cambium.cli.UserError;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;

import java.util.List;

/** Named model architectures for the commands' {@code --model} option. */
public final class Presets {
    private Presets() {
    }

    /** The preset names. */
    public static List<String> names() {
        return List.of("mlp");
    }

    /**
     * A new model: {@code mlp} = Flatten, Dense 128 ReLU, Dense classes softmax.
     */
    public static Model build(String name, int[] sampleShape, int classes) {
        Sequential m = new Sequential();
        m.input(sampleShape);
        switch (name) {
            case "mlp" -> {
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
