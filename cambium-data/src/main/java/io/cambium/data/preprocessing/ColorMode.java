package io.cambium.data.preprocessing;

/** How images are decoded: one gray channel or three RGB channels. */
public enum ColorMode {
    GRAYSCALE(1), RGB(3);

    private final int channels;

    ColorMode(int channels) {
        this.channels = channels;
    }

    /** Number of channels of an image in this mode. */
    public int channels() {
        return channels;
    }
}
