package io.cambium.cli.report;

import io.cambium.plot.ConfusionMatrix;
import java.util.List;
import java.util.Locale;

/**
 * Per-class precision, recall, F1 and support, with accuracy and macro / weighted averages, in the
 * layout of scikit-learn's {@code classification_report} (undefined ratios count as 0, as its default).
 */
public final class ClassificationReport {
    private final ConfusionMatrix cm;
    private final double[] precision;
    private final double[] recall;
    private final double[] f1;

    /** The report of a confusion matrix. */
    public ClassificationReport(ConfusionMatrix cm) {
        this.cm = cm;
        int k = cm.classes();
        precision = new double[k];
        recall = new double[k];
        f1 = new double[k];
        for (int c = 0; c < k; c++) {
            double tp = cm.get(c, c);
            long pred = cm.predicted(c);
            long sup = cm.support(c);
            precision[c] = pred == 0 ? 0 : tp / pred;
            recall[c] = sup == 0 ? 0 : tp / sup;
            double pr = precision[c] + recall[c];
            f1[c] = pr == 0 ? 0 : 2 * precision[c] * recall[c] / pr;
        }
    }

    /** The report of class indices. */
    public static ClassificationReport of(int[] yTrue, int[] yPred, List<String> names) {
        return new ClassificationReport(ConfusionMatrix.of(yTrue, yPred, names));
    }

    public ConfusionMatrix confusionMatrix() {
        return cm;
    }

    public double precision(int k) {
        return precision[k];
    }

    public double recall(int k) {
        return recall[k];
    }

    public double f1(int k) {
        return f1[k];
    }

    /** Fraction of correct predictions. */
    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < cm.classes(); c++) {
            correct += cm.get(c, c);
        }
        return cm.total() == 0 ? 0 : (double) correct / cm.total();
    }

    /** Unweighted mean over classes of {@code precision}, {@code recall} or {@code f1}. */
    public double macro(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Support-weighted mean over classes. */
    public double weighted(double[] v) {
        double s = 0;
        for (int c = 0; c < v.length; c++) {
            s += v[c] * cm.support(c);
        }
        return cm.total() == 0 ? 0 : s / cm.total();
    }

    /** Macro-averaged F1. */
    public double macroF1() {
        return macro(f1);
    }

    @Override
    public String toString() {
        int w = Math.max("weighted avg".length(), cm.names().stream().mapToInt(String::length).max().orElse(0));
        StringBuilder b = new StringBuilder();
        String head = "%" + w + "s %9s %9s %9s %9s%n";
        String row = "%" + w + "s %9.4f %9.4f %9.4f %9d%n";
        b.append(String.format(Locale.ROOT, head, "", "precision", "recall", "f1-score", "support")).append('\n');
        for (int c = 0; c < cm.classes(); c++) {
            b.append(String.format(Locale.ROOT, row, cm.names().get(c), precision[c], recall[c], f1[c], cm.support(c)));
        }
        b.append('\n');
        b.append(String.format(Locale.ROOT, "%" + w + "s %9s %9s %9.4f %9d%n", "accuracy", "", "", accuracy(), cm.total()));
        b.append(String.format(Locale.ROOT, row, "macro avg", macro(precision), macro(recall), macro(f1), cm.total()));
        b.append(String.format(Locale.ROOT, row, "weighted avg", weighted(precision), weighted(recall), weighted(f1),
                cm.total()));
        return b.toString();
    }

    double[] precisions() {
        return precision.clone();
    }

    double[] recalls() {
        return recall.clone();
    }

    double[] f1s() {
        return f1.clone();
    }
}
