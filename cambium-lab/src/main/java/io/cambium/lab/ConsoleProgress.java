package io.cambium.lab;

import java.io.PrintStream;

/**
 * Shows a {@link Progress} as a bar with the elapsed and estimated remaining time. On a console the
 * line is redrawn in place a few times a second; in a log (no console) a line is printed at each
 * tenth of the work.
 */
public final class ConsoleProgress implements Progress.Sink {
    private static final int WIDTH = 24;
    private final PrintStream out;
    private final String label;
    private final boolean console;
    private long lastDraw;
    private int lastTenth = -1;
    private int lastLength;

    /** A display for the experiment {@code label} on {@code out}; {@code console} redraws in place. */
    public ConsoleProgress(PrintStream out, String label, boolean console) {
        this.out = out;
        this.label = label;
        this.console = console;
    }

    @Override
    public synchronized void update(double fraction, String message, double elapsed) {
        long now = System.nanoTime();
        if (console) {
            if (now - lastDraw < 200_000_000L && fraction < 1) {
                return;
            }
            lastDraw = now;
            String line = line(fraction, message, elapsed);
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
            out.flush();
        } else {
            int tenth = (int) Math.floor(fraction * 10 + 1e-9);
            if (tenth > lastTenth) {
                lastTenth = tenth;
                out.println(line(fraction, message, elapsed));
                out.flush();
            }
        }
    }

    /** Ends the in-place line (call when the experiment has finished). */
    public synchronized void finish() {
        if (console && lastLength > 0) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            out.flush();
        }
    }

    /** The line shown for a fraction done, an activity and the seconds elapsed. */
    static String line(double fraction, String message, double elapsed) {
        int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * WIDTH);
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
        String left = fraction >= 0.02 && fraction < 1 ? "~" + Fmt.clock(elapsed * (1 - fraction) / fraction) + " left"
                : fraction >= 1 ? "done" : "estimating";
        return String.format(java.util.Locale.ROOT, "  [%s] %3d%%  %s elapsed, %s  %s", bar,
                Math.round(fraction * 100), Fmt.clock(elapsed), left, message == null ? "" : message);
    }

    /** The label of the experiment shown. */
    public String label() {
        return label;
    }
}
