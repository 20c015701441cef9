package io.cambium.ml.metrics;

import io.cambium.ml.Data;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The text report of scikit-learn's {@code classification_report}: per-class precision, recall,
 * F1 and support, then accuracy, macro and weighted averages, laid out character for character
 * as scikit-learn prints it.
 */
public final class ClassificationReport {
    private ClassificationReport() {
    }

    /** The report with 2 digits and zero_division 0, classes named by their labels. */
    public static String of(int[] yTrue, int[] yPred) {
        return of(yTrue, yPred, null, 2, 0.0);
    }

    /**
     * The report; {@code targetNames} (null: the labels) name the sorted union of labels.
     */
    public static String of(int[] yTrue, int[] yPred, String[] targetNames, int digits, double zeroDivision) {
        int[] labels = Data.unique(yTrue, yPred);
        if (targetNames == null) {
            targetNames = new String[labels.length];
            for (int i = 0; i < labels.length; i++) {
                targetNames[i] = Integer.toString(labels[i]);
            }
        } else if (targetNames.length != labels.length) {
            throw new IllegalArgumentException("Number of classes, " + labels.length
                    + ", does not match size of target_names, " + targetNames.length);
        }
        ClassScores per = PrecisionRecall.scores(yTrue, yPred, 1.0, Average.NONE, 1, labels, zeroDivision);
        String avgHead = "weighted avg";
        int width = Math.max(avgHead.length(), digits);
        for (String name : targetNames) {
            width = Math.max(width, name.length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(pad("", width)).append(' ');
        for (String h : new String[] {"precision", "recall", "f1-score", "support"}) {
            sb.append(' ').append(pad(h, 9));
        }
        sb.append("\n\n");
        long total = 0;
        for (int i = 0; i < labels.length; i++) {
            row(sb, targetNames[i], per.precision()[i], per.recall()[i], per.fScore()[i], per.support()[i], width, digits);
            total += per.support()[i];
        }
        sb.append('\n');
        ClassScores micro = PrecisionRecall.scores(yTrue, yPred, 1.0, Average.MICRO, 1, labels, zeroDivision);
        sb.append(pad("accuracy", width)).append(' ');
        sb.append(' ').append(pad("", 9)).append(' ').append(pad("", 9));
        sb.append(' ').append(pad(fixed(micro.fScore()[0], digits), 9));
        sb.append(' ').append(pad(Long.toString(total), 9)).append('\n');
        for (Average a : new Average[] {Average.MACRO, Average.WEIGHTED}) {
            ClassScores s = PrecisionRecall.scores(yTrue, yPred, 1.0, a, 1, labels, zeroDivision);
            row(sb, a == Average.MACRO ? "macro avg" : "weighted avg", s.precision()[0], s.recall()[0], s.fScore()[0],
                    total, width, digits);
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, double p, double r, double f, long support, int width,
            int digits) {
        sb.append(pad(name, width)).append(' ');
        for (double v : new double[] {p, r, f}) {
            sb.append(' ').append(pad(fixed(v, digits), 9));
        }
        sb.append(' ').append(pad(Long.toString(support), 9)).append('\n');
    }

    /** Python's {@code format(v, ".<d>f")}: the exact binary value rounded half-to-even. */
    static String fixed(double v, int digits) {
        return new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
