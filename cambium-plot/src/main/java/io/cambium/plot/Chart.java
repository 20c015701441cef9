package io.cambium.plot;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/** A picture drawn on demand: as an image, as PNG bytes, or written to a PNG file. */
public abstract class Chart {
    /** The picture drawn on an image. */
    public abstract BufferedImage image();

    /** The picture as PNG bytes. */
    public byte[] png() {
        return Png.encode(image());
    }

    /** Writes the picture to {@code file} as a PNG (parent directories are created). */
    public void write(Path file) {
        LearningCurves.save(image(), file);
    }
}
