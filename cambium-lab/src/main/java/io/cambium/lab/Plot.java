package io.cambium.lab;

/**
 * A PNG picture of a run.
 *
 * @param name    a file-name stem, unique within the result ({@code [a-z0-9_-]+})
 * @param caption what the picture shows
 * @param png     the PNG bytes
 */
public record Plot(String name, String caption, byte[] png) {
    public Plot {
        if (!name.matches("[a-z0-9_-]+")) {
            throw new IllegalArgumentException("plot name must match [a-z0-9_-]+, got '" + name + "'");
        }
        if (png.length < 8 || (png[0] & 0xff) != 0x89 || png[1] != 'P' || png[2] != 'N' || png[3] != 'G') {
            throw new IllegalArgumentException("plot '" + name + "' is not a PNG image");
        }
    }
}
