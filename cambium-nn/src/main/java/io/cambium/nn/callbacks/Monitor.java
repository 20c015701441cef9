package io.cambium.nn.callbacks;

/** How a monitored quantity improves: Keras's mode "auto" treats accuracy-like names as "max". */
public enum Monitor {
    /** Lower is better unless the name looks like an accuracy or AUC. */
    AUTO,
    /** Lower is better. */
    MIN,
    /** Higher is better. */
    MAX;

    /** Whether higher values are better for a metric name under this mode. */
    public boolean higherIsBetter(String monitor) {
        return switch (this) {
            case MIN -> false;
            case MAX -> true;
            case AUTO -> {
                String m = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
                yield m.contains("acc") || m.startsWith("auc") || m.equals("precision") || m.equals("recall")
                        || m.startsWith("f1");
            }
        };
    }
}
