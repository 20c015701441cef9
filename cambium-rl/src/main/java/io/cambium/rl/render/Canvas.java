package io.cambium.rl.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;

/**
 * A white RGB picture with the origin at the bottom left and y pointing up, the coordinates
 * Gymnasium's classic-control renderers draw in before they flip the surface. Shapes are
 * antialiased.
 */
public final class Canvas {
    private final BufferedImage image;
    private final Graphics2D g;
    private final int height;

    /** A white canvas of {@code width x height} pixels. */
    public Canvas(int width, int height) {
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        this.height = height;
        this.g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
    }

    private double y(double yUp) {
        return height - yUp;
    }

    /** Fills the polygon through {@code points} ({@code {x, y}} pairs). */
    public Canvas polygon(double[][] points, Color color) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(points[0][0], y(points[0][1]));
        for (int i = 1; i < points.length; i++) {
            p.lineTo(points[i][0], y(points[i][1]));
        }
        p.closePath();
        g.setColor(color);
        g.fill(p);
        return this;
    }

    /** Fills the rectangle {@code [l, r] x [b, t]} rotated by {@code angle} (radians, counter-clockwise) about the origin, then moved by {@code (dx, dy)}. */
    public Canvas rotatedRect(double l, double r, double b, double t, double angle, double dx, double dy, Color color) {
        double[][] corners = {{l, b}, {l, t}, {r, t}, {r, b}};
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double[][] pts = new double[4][];
        for (int i = 0; i < 4; i++) {
            double x = corners[i][0];
            double yy = corners[i][1];
            pts[i] = new double[] {x * c - yy * s + dx, x * s + yy * c + dy};
        }
        return polygon(pts, color);
    }

    /** Fills a circle. */
    public Canvas circle(double cx, double cy, double radius, Color color) {
        g.setColor(color);
        g.fill(new Ellipse2D.Double(cx - radius, y(cy) - radius, 2 * radius, 2 * radius));
        return this;
    }

    /** Draws a line of the given width. */
    public Canvas line(double x0, double y0, double x1, double y1, float width, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke(width));
        g.draw(new Line2D.Double(x0, y(y0), x1, y(y1)));
        return this;
    }

    /** Draws a polyline through {@code points}. */
    public Canvas polyline(double[][] points, float width, Color color) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(points[0][0], y(points[0][1]));
        for (int i = 1; i < points.length; i++) {
            p.lineTo(points[i][0], y(points[i][1]));
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(width));
        g.draw(p);
        return this;
    }

    /** Fills an axis-aligned rectangle given in top-left image coordinates (for grid worlds). */
    public Canvas cell(int x, int yTop, int w, int h, Color fill, Color border) {
        g.setColor(fill);
        g.fillRect(x, yTop, w, h);
        if (border != null) {
            g.setColor(border);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(x, yTop, w - 1, h - 1);
        }
        return this;
    }

    /** The finished picture (the canvas can no longer be drawn on). */
    public BufferedImage image() {
        g.dispose();
        return image;
    }
}
