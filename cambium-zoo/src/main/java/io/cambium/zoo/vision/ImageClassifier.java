package io.cambium.zoo.vision;

import io.cambium.nn.Input;
import io.cambium.nn.Model;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.pooling.GlobalAveragePooling2D;
import io.cambium.nn.layers.pooling.GlobalMaxPooling2D;
import io.cambium.zoo.weights.Pretrained;
import java.util.Locale;

/**
 * The options every image classifier of the zoo takes, with the names and meaning of
 * {@code keras.applications}: {@code inputShape} (height, width, channels; channels last),
 * {@code classes}, {@code includeTop}, {@code pooling} (for a model without its top),
 * {@code classifierActivation}, and {@code weights} (a name of the {@link Pretrained} registry).
 * Each architecture extends it with its own options and writes its layers in {@link #body}.
 *
 * @param <T> the concrete builder, which the setters return
 */
public abstract class ImageClassifier<T extends ImageClassifier<T>> {
    /** How a model without its top turns the last feature map into a vector (Keras's {@code pooling}). */
    public enum Pooling {
        /** No pooling: the model outputs the last 4-D feature map. */
        NONE,
        /** Global average pooling: one value per channel. */
        AVG,
        /** Global max pooling: one value per channel. */
        MAX;

        /** Keras's strings: {@code null} or {@code "none"}, {@code "avg"}, {@code "max"}. */
        public static Pooling of(String name) {
            if (name == null) {
                return NONE;
            }
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "none", "" -> NONE;
                case "avg", "average" -> AVG;
                case "max" -> MAX;
                default -> throw new IllegalArgumentException("pooling must be null, \"avg\" or \"max\", got \"" + name + "\"");
            };
        }
    }

    private int[] inputShape;
    private int classes;
    private boolean includeTop = true;
    private Pooling pooling = Pooling.NONE;
    private String classifierActivation = "softmax";
    private String name;
    private String weights;

    /** Options with an architecture's default input shape and class count. */
    protected ImageClassifier(int[] defaultInputShape, int defaultClasses) {
        this.inputShape = defaultInputShape.clone();
        this.classes = defaultClasses;
    }

    @SuppressWarnings("unchecked")
    protected final T self() {
        return (T) this;
    }

    /** Height, width and channels of the input images (channels last). */
    public T inputShape(int height, int width, int channels) {
        if (height <= 0 || width <= 0 || channels <= 0) {
            throw new IllegalArgumentException(architecture() + ": input shape must be positive, got (" + height + ", "
                    + width + ", " + channels + ")");
        }
        this.inputShape = new int[] {height, width, channels};
        return self();
    }

    /** The number of classes of the top (default: the architecture's dataset). */
    public T classes(int n) {
        if (n < 1) {
            throw new IllegalArgumentException(architecture() + ": classes must be >= 1, got " + n);
        }
        this.classes = n;
        return self();
    }

    /** Whether to end with the classifier (global pooling and a Dense layer); default true. */
    public T includeTop(boolean v) {
        this.includeTop = v;
        return self();
    }

    /** The pooling at the end of a model without top (default none); ignored with the top. */
    public T pooling(Pooling p) {
        this.pooling = p == null ? Pooling.NONE : p;
        return self();
    }

    /** Keras's strings: {@code null}, {@code "avg"} or {@code "max"}. */
    public T pooling(String p) {
        return pooling(Pooling.of(p));
    }

    /** The activation of the classifier ({@code "softmax"}, default; {@code null} or "linear" for logits). */
    public T classifierActivation(String activation) {
        this.classifierActivation = activation == null ? "linear" : activation;
        return self();
    }

    /** The model's name (default: the architecture's). */
    public T name(String n) {
        this.name = n;
        return self();
    }

    /**
     * Pretrained weights from the {@link Pretrained} registry, loaded after building; the
     * registry checks that they were trained for this architecture. With {@code includeTop(false)}
     * only the backbone's weights are loaded.
     */
    public T weights(String registryName) {
        this.weights = registryName;
        return self();
    }

    public int[] inputShape() {
        return inputShape.clone();
    }

    public int classes() {
        return classes;
    }

    public boolean includeTop() {
        return includeTop;
    }

    public Pooling pooling() {
        return pooling;
    }

    /**
     * The architecture and its options in one line, such as {@code ResNet-20 (basic blocks, width 16)};
     * pretrained weights record it, so that loading into another architecture is refused.
     */
    public abstract String architecture();

    /** The default model name, as keras.applications names its models ({@code resnet50}). */
    protected abstract String defaultName();

    /** The layers from the input to the last feature map, in the order of the paper. */
    protected abstract SymbolicTensor body(SymbolicTensor input);

    /**
     * The classifier on the last feature map: global average pooling and a Dense layer named
     * {@code predictions}, as keras.applications' ResNet and MobileNetV2; VGG and LeNet override it.
     */
    protected SymbolicTensor top(SymbolicTensor features) {
        SymbolicTensor x = new GlobalAveragePooling2D().name("avg_pool").apply(features);
        return new Dense(classes()).activation(classifierActivation()).name("predictions").apply(x);
    }

    /** The activation of the classifier layer. */
    protected final String classifierActivation() {
        return classifierActivation;
    }

    /** Builds the model (and loads the pretrained weights when {@link #weights} was given). */
    public Model build() {
        SymbolicTensor input = Input.shape(inputShape);
        SymbolicTensor x = body(input);
        if (includeTop) {
            x = top(x);
        } else if (pooling == Pooling.AVG) {
            x = new GlobalAveragePooling2D().name("avg_pool").apply(x);
        } else if (pooling == Pooling.MAX) {
            x = new GlobalMaxPooling2D().name("max_pool").apply(x);
        }
        Model m = new Model(java.util.List.of(input), java.util.List.of(x), name == null ? defaultName() : name);
        if (weights != null) {
            Pretrained.get(weights).loadInto(m, architecture(), includeTop);
        }
        return m;
    }
}
