package io.cambium.tensor.autograd;

/**
 * The first NaN or infinity found by {@link AnomalyMode}: which operation made it, in which phase,
 * where (the layer, when the model API labelled it) and at which training step.
 */
public final class AnomalyException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    /** Where the non-finite value was found. */
    public enum Phase {
        /** An operation's output, computed from finite inputs. */
        FORWARD,
        /** A gradient returned by an operation's backward rule. */
        BACKWARD,
        /** An operation's input that no checked operation produced: data, or a weight. */
        INPUT
    }

    private final Phase phase;
    private final String op;
    private final String origin;
    private final long step;
    private final String stepDescription;
    private final String detail;

    AnomalyException(Phase phase, String op, String origin, long step, String stepDescription, String detail) {
        super(message(phase, op, origin, step, stepDescription, detail));
        this.phase = phase;
        this.op = op;
        this.origin = origin;
        this.step = step;
        this.stepDescription = stepDescription;
        this.detail = detail;
    }

    private static String message(Phase phase, String op, String origin, long step, String stepDescription,
                                  String detail) {
        StringBuilder b = new StringBuilder("anomaly detected in the ");
        b.append(phase == Phase.BACKWARD ? "backward pass" : "forward pass").append(": ").append(detail);
        b.append("; op '").append(op).append('\'');
        if (origin != null) {
            b.append(", layer '").append(origin).append('\'');
        } else {
            b.append(", outside any layer (the loss, or code between layers)");
        }
        if (step >= 0) {
            b.append(", step ").append(step);
        }
        if (stepDescription != null) {
            b.append(" (").append(stepDescription).append(')');
        }
        return b.toString();
    }

    /** The phase in which the value was found. */
    public Phase phase() {
        return phase;
    }

    /** The name of the operation (its forward name, also for a backward anomaly). */
    public String op() {
        return op;
    }

    /** The origin label (the layer path such as {@code sequential/dense_3}), or null when none was open. */
    public String origin() {
        return origin;
    }

    /** The training step set by {@link AnomalyMode#step(long, String)}, or -1. */
    public long step() {
        return step;
    }

    /** The step in words ("epoch 2, batch 17"), or null. */
    public String stepDescription() {
        return stepDescription;
    }

    /** What was found, without the op, layer and step. */
    public String detail() {
        return detail;
    }
}
