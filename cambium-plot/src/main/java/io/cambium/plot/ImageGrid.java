package io.cambium.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Small grey-scale images in a grid, each with an optional caption: samples, augmented copies,
 * feature maps, suspicious labels. Each image is scaled to its own minimum and maximum unless
 * {@link #range} fixes the scale.
 */
public final class ImageGrid extends Chart {
    private record Item(float[] pixels, int h, int w, String caption) {
    }

    private final String title;
    private final List<Item> items = new ArrayList<>();
    private int columns = 8;
    private int scale = 3;
    private double lo = Double.NaN;
    private double hi = Double.NaN;

    /** An empty grid titled {@code title}. */
    public ImageGrid(String title) {
        this.title = title;
    }

    /** Adds an {@code h x w} image, row-major, with a caption (may be empty). */
    public ImageGrid add(float[] pixels, int h, int w, String caption) {
        if (pixels.length < h * w) {
            throw new IllegalArgumentException("image '" + caption + "': " + pixels.length + " pixels for " + h + " x " + w);
        }
        items.add(new Item(pixels.clone(), h, w, caption == null ? "" : caption));
        return this;
    }

    /** Images per row. */
    public ImageGrid columns(int n) {
        this.columns = Math.max(1, n);
        return this;
    }

    /** Screen pixels per image pixel. */
    public ImageGrid scale(int s) {
        this.scale = Math.max(1, s);
        return this;
    }

    /** A fixed value range for every image (black at {@code low}, white at {@code high}). */
    public ImageGrid range(double low, double high) {
        this.lo = low;
        this.hi = high;
        return this;
    }



    @Override
    public BufferedImage image() {
        if (items.isEmpty()) {
            throw new IllegalStateException("image grid '" + title + "' is empty");
        }
        int maxH = 0;
        int maxW = 0;
        for (Item it : items) {
            maxH = Math.max(maxH, it.h());
            maxW = Math.max(maxW, it.w());
        }
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        int cellW = Math.max(maxW * scale, 70) + 10;
        int cellH = maxH * scale + 22;
        int cols = Math.min(columns, items.size());
        int rows = (items.size() + cols - 1) / cols;
        int top = 44;
        FontMetrics titleMetrics = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
                .getFontMetrics(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        int w = Math.max(cols * cellW + 20, titleMetrics.stringWidth(title) + 40);
        int h = top + rows * cellH + 10;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Png.whiteCanvas(img);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, 12, 28);
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        for (int k = 0; k < items.size(); k++) {
            Item it = items.get(k);
            int x0 = 10 + (k % cols) * cellW + (cellW - 10 - it.w() * scale) / 2;
            int y0 = top + (k / cols) * cellH;
            double min = lo;
            double max = hi;
            if (Double.isNaN(min) || Double.isNaN(max)) {
                min = Double.POSITIVE_INFINITY;
                max = Double.NEGATIVE_INFINITY;
                for (int p = 0; p < it.h() * it.w(); p++) {
                    min = Math.min(min, it.pixels()[p]);
                    max = Math.max(max, it.pixels()[p]);
                }
            }
            double span = max > min ? max - min : 1;
            for (int r = 0; r < it.h(); r++) {
                for (int c = 0; c < it.w(); c++) {
                    double t = (it.pixels()[r * it.w() + c] - min) / span;
                    int v = (int) Math.round(255 * Math.max(0, Math.min(1, t)));
                    g.setColor(new Color(v, v, v));
                    g.fillRect(x0 + c * scale, y0 + r * scale, scale, scale);
                }
            }
            String cap = it.caption();
            while (cap.length() > 3 && fm.stringWidth(cap) > cellW - 6) {
                cap = cap.substring(0, cap.length() - 2);
            }
            g.setColor(Color.DARK_GRAY);
            int cx = 10 + (k % cols) * cellW + (cellW - 10 - fm.stringWidth(cap)) / 2;
            g.drawString(cap, cx, y0 + it.h() * scale + 14);
        }
        g.dispose();
        return img;
    }
}
