package io.cambium.data.loaders;

import io.cambium.data.Dataset;
import io.cambium.data.Example;
import io.cambium.data.preprocessing.ColorMode;
import io.cambium.data.preprocessing.ImageOps;
import io.cambium.tensor.Tensor;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * An image classification dataset laid out as one sub-folder per class (like Keras
 * {@code image_dataset_from_directory}): classes are the sub-folder names in sorted order (each
 * must hold at least one image), images are PNG, JPEG, BMP or GIF files decoded with ImageIO
 * ({@link Images#read}: size-checked before decoding), resized to one size, values in [0, 255].
 */
public final class ImageFolder {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private final List<String> classNames;
    private final List<Path> files;
    private final int[] labels;
    private final int height;
    private final int width;
    private final ColorMode mode;

    private ImageFolder(List<String> classNames, List<Path> files, int[] labels, int height, int width, ColorMode mode) {
        this.classNames = classNames;
        this.files = files;
        this.labels = labels;
        this.height = height;
        this.width = width;
        this.mode = mode;
    }

    /** Indexes the tree under {@code root}; images are decoded when iterated or loaded. */
    public static ImageFolder of(Path root, int height, int width, ColorMode mode) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("image folder not found or not a directory: " + root);
        }
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(classes::add);
            for (int k = 0; k < classes.size(); k++) {
                int before = files.size();
                try (Stream<Path> images = Files.walk(root.resolve(classes.get(k)))) {
                    int label = k;
                    images.filter(Files::isRegularFile).filter(ImageFolder::isImage).sorted().forEach(p -> {
                        files.add(p);
                        labels.add(label);
                    });
                }
                if (files.size() == before) {
                    // A class without examples cannot be learned, and breaks stratified splits later on.
                    throw new IllegalArgumentException("image folder " + root + ": class folder '" + classes.get(k)
                            + "' has no images (" + EXTENSIONS + "); add some or remove the folder");
                }
            }
        } catch (java.nio.file.AccessDeniedException e) {
            throw new UncheckedIOException("image folder " + root + ": permission denied: " + e.getFile(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("image folder " + root + ": " + e.getMessage(),
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("image folder " + root + " has no class sub-folders");
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("image folder " + root + " has no images (" + EXTENSIONS + ")");
        }
        return new ImageFolder(List.copyOf(classes), List.copyOf(files),
                labels.stream().mapToInt(Integer::intValue).toArray(), height, width, mode);
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    /** Class names; label {@code k} is {@code classNames().get(k)}. */
    public List<String> classNames() {
        return classNames;
    }

    /** The image files in label-then-name order. */
    public List<Path> files() {
        return files;
    }

    /** Examples {@code x [h, w, c]}, {@code y} scalar class index, decoded lazily on each pass. */
    public Dataset<Example> dataset() {
        return Dataset.range(files.size()).map(i -> new Example(decode(files.get(i)), Tensor.scalar(labels[i])));
    }

    /** All images decoded into one batch {@code x [N, h, w, c]}, {@code y [N]}. */
    public Example load() {
        return Dataset.collect(dataset());
    }

    private Tensor decode(Path file) {
        BufferedImage img = Images.read(file);
        return ImageOps.resize(ImageOps.fromImage(img, mode), height, width);
    }
}
