package io.cambium.zoo.images;

import io.cambium.nn.callbacks.Callback;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A callback that writes a grid of images at the end of every epoch:
 * {@code <dir>/<prefix>-epoch-001.png}, ... The images come from a supplier run without
 * recording (a generator applied to a fixed batch of latent vectors, so that successive grids
 * show the same samples improving).
 */
public final class EpochGrids extends Callback {
    private final Path dir;
    private final String prefix;
    private final Supplier<Tensor> images;
    private final int columns;
    private final float low;
    private final float high;
    private final List<Path> written = new ArrayList<>();

    /**
     * @param images makes the batch [N, H, W, C] to draw
     * @param low the value drawn black
     * @param high the value drawn white
     */
    public EpochGrids(Path dir, String prefix, Supplier<Tensor> images, int columns, float low, float high) {
        this.dir = dir;
        this.prefix = prefix;
        this.images = images;
        this.columns = columns;
        this.low = low;
        this.high = high;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Tensor batch;
        try (NoGrad ignored = NoGrad.scope()) {
            batch = images.get();
        }
        Path png = dir.resolve(String.format(Locale.ROOT, "%s-epoch-%03d.png", prefix, epoch + 1));
        ImageGrid.write(batch, columns, low, high, png);
        written.add(png);
    }

    /** The files written so far, in epoch order. */
    public List<Path> written() {
        return Collections.unmodifiableList(written);
    }
}
