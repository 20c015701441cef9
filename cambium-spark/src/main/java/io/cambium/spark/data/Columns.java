package io.cambium.spark.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;

/**
 * Which DataFrame columns hold a row's features and label, and how they become floats.
 *
 * <p>Features may be: a numeric array column (nested arrays are flattened row-major), a Spark ML
 * vector (dense or sparse; anything with a {@code toArray()} returning {@code double[]}), a
 * single number, a binary column of raw {@code uint8} pixels (exactly as many bytes as the
 * input shape holds) or of an encoded PNG/JPEG/BMP/GIF image, or a struct in Spark's image
 * data source schema ({@code height, width, nChannels, data} in BGR order). Pixels are divided
 * by {@link #pixelDivisor} (255 by default, as the IDX loader does) into an {@code [H, W, C]}
 * tensor. The label is a number (a class index or a regression target) or a numeric array or
 * vector.
 */
public final class Columns implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String features;
    private final String label;
    private int[] inputShape;
    private int[] labelShape;
    private float pixelDivisor = 255f;

    private Columns(String features, String label) {
        if (features == null || features.isBlank() || label == null || label.isBlank()) {
            throw new IllegalArgumentException("Columns: give the feature and label column names, got '" + features
                    + "' and '" + label + "'");
        }
        this.features = features;
        this.label = label;
    }

    /** Features from column {@code features}, the target from column {@code label}. */
    public static Columns of(String features, String label) {
        return new Columns(features, label);
    }

    /**
     * The shape of one row's features as the model takes it (without the batch axis), such as
     * {@code 28, 28, 1}; required for image bytes, optional for arrays and vectors (default: flat).
     */
    public Columns inputShape(int... shape) {
        this.inputShape = checked(shape, "input shape");
        return this;
    }

    /** The shape of one row's label (default: a scalar for numbers, flat for arrays). */
    public Columns labelShape(int... shape) {
        this.labelShape = checked(shape, "label shape");
        return this;
    }

    /** What image bytes are divided by (default 255, giving values in [0, 1]). */
    public Columns pixelDivisor(double divisor) {
        if (!(divisor > 0) || Double.isInfinite(divisor)) {
            throw new IllegalArgumentException("Columns: pixel divisor must be positive and finite, got " + divisor);
        }
        this.pixelDivisor = (float) divisor;
        return this;
    }

    /** The feature column's name. */
    public String featuresColumn() {
        return features;
    }

    /** The label column's name. */
    public String labelColumn() {
        return label;
    }

    /** The declared input shape, or {@code null}. */
    public int[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    private static int[] checked(int[] shape, String what) {
        long n = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("Columns: " + what + " " + Arrays.toString(shape)
                        + " has a non-positive dimension");
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Columns: " + what + " " + Arrays.toString(shape) + " is too large");
            }
        }
        return shape.clone();
    }

    static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** The shape of one row's features (declared, or flat as decoded). */
    int[] featureShape(float[] first) {
        return inputShape != null ? inputShape.clone() : new int[] {first.length};
    }

    /** The shape of one row's label (declared, scalar for a number, flat for an array). */
    int[] labelShape(Object firstValue, float[] first) {
        if (labelShape != null) {
            return labelShape.clone();
        }
        return firstValue instanceof Number ? new int[0] : new int[] {first.length};
    }

    /** The features of row {@code row} ({@code at} is the row's global index, for messages). */
    float[] features(Row row, long at) {
        Object v = row.get(0);
        float[] out;
        if (v instanceof byte[] bytes) {
            out = image(bytes, at);
        } else if (v instanceof Row struct) {
            out = sparkImage(struct, at);
        } else {
            out = numbers(v, features, at);
        }
        if (inputShape != null && out.length != numel(inputShape)) {
            throw new IllegalArgumentException("column '" + features + "' row " + at + ": " + out.length
                    + " values do not fill the input shape " + Arrays.toString(inputShape) + " ("
                    + numel(inputShape) + " values)");
        }
        return out;
    }

    /** The label of row {@code row}. */
    float[] label(Row row, long at) {
        float[] out = numbers(row.get(1), label, at);
        if (labelShape != null && out.length != numel(labelShape)) {
            throw new IllegalArgumentException("column '" + label + "' row " + at + ": " + out.length
                    + " values do not fill the label shape " + Arrays.toString(labelShape));
        }
        return out;
    }

    private float[] image(byte[] bytes, long at) {
        if (inputShape == null) {
            throw new IllegalArgumentException("column '" + features + "' holds bytes: give Columns.inputShape(h, w, c)");
        }
        int n = numel(inputShape);
        if (bytes.length == n) {
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                out[i] = (bytes[i] & 0xFF) / pixelDivisor;
            }
            return out;
        }
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            img = null;
        }
        if (img == null) {
            throw new IllegalArgumentException("column '" + features + "' row " + at + ": " + bytes.length
                    + " bytes are neither " + n + " raw pixels for input shape " + Arrays.toString(inputShape)
                    + " nor an image ImageIO can decode");
        }
        int h = inputShape[0];
        int w = inputShape.length > 1 ? inputShape[1] : 1;
        int c = inputShape.length > 2 ? inputShape[2] : 1;
        if (inputShape.length != 3 || img.getHeight() != h || img.getWidth() != w || (c != 1 && c != 3)) {
            throw new IllegalArgumentException("column '" + features + "' row " + at + ": a " + img.getHeight() + "x"
                    + img.getWidth() + " image does not match input shape " + Arrays.toString(inputShape)
                    + " (height, width, 1 or 3 channels)");
        }
        float[] out = new float[n];
        // Grayscale files are read from the raster: getRGB would convert linear gray to sRGB.
        boolean gray = img.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
        int shift = Math.max(0, img.getColorModel().getComponentSize(0) - 8);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * c;
                if (gray) {
                    float v = (img.getRaster().getSample(x, y, 0) >> shift) / pixelDivisor;
                    for (int k = 0; k < c; k++) {
                        out[o + k] = v;
                    }
                    continue;
                }
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (c == 1) {
                    // ITU-R 601 luma, as PIL's convert("L").
                    out[o] = Math.round(0.299f * r + 0.587f * g + 0.114f * b) / pixelDivisor;
                } else {
                    out[o] = r / pixelDivisor;
                    out[o + 1] = g / pixelDivisor;
                    out[o + 2] = b / pixelDivisor;
                }
            }
        }
        return out;
    }

    private float[] sparkImage(Row struct, long at) {
        int h;
        int w;
        int c;
        byte[] data;
        try {
            h = struct.getInt(struct.fieldIndex("height"));
            w = struct.getInt(struct.fieldIndex("width"));
            c = struct.getInt(struct.fieldIndex("nChannels"));
            data = (byte[]) struct.get(struct.fieldIndex("data"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("column '" + features + "' row " + at + ": a struct column must follow"
                    + " Spark's image schema (height, width, nChannels, data): " + e.getMessage(), e);
        }
        if (data == null || (long) h * w * c != data.length) {
            throw new IllegalArgumentException("column '" + features + "' row " + at + ": image of " + h + "x" + w + "x"
                    + c + " has " + (data == null ? "no" : Integer.toString(data.length)) + " data bytes");
        }
        float[] out = new float[data.length];
        for (int p = 0; p < h * w; p++) {
            for (int k = 0; k < c; k++) {
                // Spark stores OpenCV's BGR(A) order; models expect RGB(A).
                int src = c >= 3 && k < 3 ? 2 - k : k;
                out[p * c + k] = (data[p * c + src] & 0xFF) / pixelDivisor;
            }
        }
        return out;
    }

    private static float[] numbers(Object v, String column, long at) {
        if (v == null) {
            throw new IllegalArgumentException("column '" + column + "' row " + at + " is null");
        }
        if (v instanceof Number n) {
            return new float[] {n.floatValue()};
        }
        if (v instanceof double[] d) {
            float[] out = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (float) d[i];
            }
            return out;
        }
        if (v instanceof scala.collection.Seq<?> seq) {
            FloatList acc = new FloatList();
            flatten(scala.jdk.javaapi.CollectionConverters.asJava(seq), acc, column, at);
            return acc.toArray();
        }
        if (v instanceof List<?> list) {
            FloatList acc = new FloatList();
            flatten(list, acc, column, at);
            return acc.toArray();
        }
        Method toArray = vectorMethod(v.getClass());
        if (toArray != null) {
            try {
                return numbers(toArray.invoke(v), column, at);
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("column '" + column + "' row " + at + ": cannot read the vector: " + e, e);
            }
        }
        if (v instanceof Map<?, ?> || v instanceof scala.collection.Map<?, ?>) {
            throw new IllegalArgumentException("column '" + column + "' row " + at + " is a map; expected numbers");
        }
        throw new IllegalArgumentException("column '" + column + "' row " + at + " holds a "
                + v.getClass().getSimpleName() + "; expected a number, a numeric array, a vector or image bytes");
    }

    private static void flatten(List<?> list, FloatList acc, String column, long at) {
        for (Object o : list) {
            if (o instanceof Number n) {
                acc.add(n.floatValue());
            } else if (o instanceof scala.collection.Seq<?> seq) {
                flatten(scala.jdk.javaapi.CollectionConverters.asJava(seq), acc, column, at);
            } else if (o instanceof List<?> inner) {
                flatten(inner, acc, column, at);
            } else {
                throw new IllegalArgumentException("column '" + column + "' row " + at + " holds "
                        + (o == null ? "a null element" : "an element of type " + o.getClass().getSimpleName())
                        + "; expected numbers");
            }
        }
    }

    private static Method vectorMethod(Class<?> c) {
        try {
            Method m = c.getMethod("toArray");
            return m.getReturnType() == double[].class ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** A growable float array. */
    private static final class FloatList {
        private float[] a = new float[16];
        private int n;

        void add(float v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
