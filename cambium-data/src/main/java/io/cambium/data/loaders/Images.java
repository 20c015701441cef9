package io.cambium.data.loaders;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;

/**
 * Decodes image files (PNG, JPEG, BMP, GIF) with ImageIO, defensively: the path must be a regular
 * file (a FIFO would block), and the size the header declares is checked before any pixel is
 * decoded, so that a small file declaring 40000 x 40000 pixels (a decompression bomb) is an
 * error naming the file instead of an OutOfMemoryError. The limit is Pillow's
 * {@code MAX_IMAGE_PIXELS}. A corrupt file is an {@link IllegalArgumentException} naming it.
 */
public final class Images {
    /** The most pixels an image may declare (Pillow's {@code Image.MAX_IMAGE_PIXELS}). */
    public static final long MAX_PIXELS = 89_478_485L;

    private Images() {
    }

    /**
     * The decoded image.
     *
     * @throws IllegalArgumentException naming the file when it is missing, not an image, corrupt
     *     or larger than {@link #MAX_PIXELS}
     * @throws UncheckedIOException naming the file and the reason when it cannot be read
     */
    public static BufferedImage read(Path file) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("image not found: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("image " + file + ": " + reason(e), e);
        }
        if (!attrs.isRegularFile()) {
            throw new IllegalArgumentException("image " + file + " is not a regular file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("image " + file + ": cannot be opened"));
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IllegalArgumentException("image " + file + " is not a PNG, JPEG, BMP or GIF file");
            }
            ImageReader r = readers.next();
            try {
                r.setInput(in, true, true);
                long w = r.getWidth(0);
                long h = r.getHeight(0);
                if (w < 1 || h < 1 || w * h > MAX_PIXELS) {
                    throw new IllegalArgumentException("image " + file + " declares " + w + " x " + h + " pixels, more than"
                            + " the limit of " + MAX_PIXELS + " (a corrupt file or a decompression bomb)");
                }
                BufferedImage img = r.read(0);
                if (img == null) {
                    throw new IllegalArgumentException("image " + file + " could not be decoded");
                }
                return img;
            } finally {
                r.dispose();
            }
        } catch (AccessDeniedException e) {
            throw new UncheckedIOException("image " + file + ": permission denied", e);
        } catch (IOException e) {
            if (!Files.isReadable(file) && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new UncheckedIOException("image " + file + ": permission denied", e);
            }
            throw new IllegalArgumentException("image " + file + " could not be decoded: " + e.getMessage(), e);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            // ImageIO's decoders throw unchecked exceptions on some damaged files.
            throw new IllegalArgumentException("image " + file + " is corrupt (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
