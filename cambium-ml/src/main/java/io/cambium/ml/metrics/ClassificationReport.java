package io.cambium.ml.metrics;

import io.cambium.ml.Data;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * scikit-learn's {@code classification_report} as a data structure: per-class precision, recall,
 * F1 and support, then accuracy (or, when the labels are a subset of those present, the micro
 * average), the macro and the weighted average. {@link #toMap()} is scikit-learn's
 * {@code output_dict=True} layout; {@link #toString()} is its text, character for character.
 *
 * <pre>{@code
 * ClassificationReport r = ClassificationReport.of(yTrue, yPred);
 * System.out.print(r);                       // the text report
 * double f1 = r.macroAvg().f1Score();        // r.toMap().get("macro avg").get("f1-score") in Python
 * }</pre>
 */
public final class ClassificationReport {
    /**
     * One line of the report.
     *
     * @param support number of true samples (with sample weights: their total weight)
     */
    public record Row(String name, double precision, double recall, double f1Score, double support) {
    }

    private final List<Row> classes;
    private final Row micro;
    private final boolean microIsAccuracy;
    private final Row macro;
    private final Row weighted;
    private final boolean countSupport;
    private final int digits;

    private ClassificationReport(List<Row> classes, Row micro, boolean microIsAccuracy, Row macro, Row weighted,
            boolean countSupport, int digits) {
        this.classes = List.copyOf(classes);
        this.micro = micro;
        this.microIsAccuracy = microIsAccuracy;
        this.macro = macro;
        this.weighted = weighted;
        this.countSupport = countSupport;
        this.digits = digits;
    }

    /** The report over the sorted union of labels, zero_division 0, printed with 2 digits. */
    public static ClassificationReport of(int[] yTrue, int[] yPred) {
        return of(yTrue, yPred, null, null, 0.0);
    }

    /** The report with per-sample weights (null: all ones). */
    public static ClassificationReport of(int[] yTrue, int[] yPred, double[] sampleWeight) {
        return of(yTrue, yPred, null, sampleWeight, 0.0);
    }

    /**
     * The report over {@code labels} (null: the sorted union of y_true and y_pred) with per-sample
     * weights (null: all ones) and {@code zeroDivision} 0 or 1. Rows are named by their labels;
     * {@link #targetNames(String...)} renames them.
     */
    public static ClassificationReport of(int[] yTrue, int[] yPred, int[] labels, double[] sampleWeight,
            double zeroDivision) {
        int[] present = Data.unique(yTrue, yPred);
        boolean labelsGiven = labels != null;
        int[] use = labelsGiven ? labels.clone() : present;
        boolean microIsAccuracy = !labelsGiven || Arrays.equals(Data.unique(use), present);
        PrecisionRecall pr = new PrecisionRecall().labels(use).zeroDivision(zeroDivision);
        ClassScores per = pr.average(Average.NONE).scores(yTrue, yPred, sampleWeight);
        List<Row> rows = new ArrayList<>();
        double total = 0;
        for (int i = 0; i < use.length; i++) {
            rows.add(new Row(Integer.toString(use[i]), per.precision()[i], per.recall()[i], per.fScore()[i],
                    per.support()[i]));
            total += per.support()[i];
        }
        Row[] avg = new Row[3];
        Average[] kinds = {Average.MICRO, Average.MACRO, Average.WEIGHTED};
        String[] names = {microIsAccuracy ? "accuracy" : "micro avg", "macro avg", "weighted avg"};
        for (int a = 0; a < 3; a++) {
            ClassScores s = pr.average(kinds[a]).scores(yTrue, yPred, sampleWeight);
            avg[a] = new Row(names[a], s.precision()[0], s.recall()[0], s.fScore()[0], total);
        }
        return new ClassificationReport(rows, avg[0], microIsAccuracy, avg[1], avg[2], sampleWeight == null, 2);
    }

    /**
     * The round-1 form: {@code targetNames} (null: the labels) name the sorted union of labels.
     *
     * @deprecated use {@code of(yTrue, yPred).targetNames(...).digits(...)}, or
     *     {@link #of(int[], int[], int[], double[], double)} for zero_division
     */
    @Deprecated
    public static ClassificationReport of(int[] yTrue, int[] yPred, String[] targetNames, int digits,
            double zeroDivision) {
        ClassificationReport r = of(yTrue, yPred, null, null, zeroDivision).digits(digits);
        return targetNames == null ? r : r.targetNames(targetNames);
    }

    /** This report with its class rows renamed, in order (scikit-learn's {@code target_names}). */
    public ClassificationReport targetNames(String... names) {
        if (names.length != classes.size()) {
            throw new IllegalArgumentException("Number of classes, " + classes.size()
                    + ", does not match size of target_names, " + names.length);
        }
        List<Row> renamed = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            Row r = classes.get(i);
            renamed.add(new Row(names[i], r.precision(), r.recall(), r.f1Score(), r.support()));
        }
        return new ClassificationReport(renamed, micro, microIsAccuracy, macro, weighted, countSupport, digits);
    }

    /** This report printed with {@code digits} decimals (default 2). */
    public ClassificationReport digits(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("digits must be >= 0, got " + value);
        }
        return new ClassificationReport(classes, micro, microIsAccuracy, macro, weighted, countSupport, value);
    }

    /** One row per class, in label order. */
    public List<Row> classes() {
        return classes;
    }

    /** The row of the class named {@code name} (its label, or its target name). */
    public Row row(String name) {
        for (Row r : classes) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("classification report: no class named '" + name + "'; classes are "
                + classes.stream().map(Row::name).toList());
    }

    /** The row of the class with label {@code label} (before any renaming by target names). */
    public Row row(int label) {
        return row(Integer.toString(label));
    }

    /**
     * The (weighted) accuracy; undefined (an error) when the report covers only some of the
     * labels, where scikit-learn reports {@link #microAvg()} instead.
     */
    public double accuracy() {
        if (!microIsAccuracy) {
            throw new IllegalStateException("classification report: the labels are a subset of those present, so the "
                    + "report has a micro average (microAvg()) instead of accuracy");
        }
        return micro.f1Score();
    }

    /** The micro average (equal to accuracy when every present label is reported). */
    public Row microAvg() {
        return new Row("micro avg", micro.precision(), micro.recall(), micro.f1Score(), micro.support());
    }

    /** The unweighted mean over classes. */
    public Row macroAvg() {
        return macro;
    }

    /** The mean over classes weighted by support. */
    public Row weightedAvg() {
        return weighted;
    }

    /**
     * scikit-learn's {@code output_dict}: class names, then "accuracy" (a number) or "micro avg",
     * then "macro avg" and "weighted avg", each row a map of "precision", "recall", "f1-score"
     * and "support" (a Long count, or a Double total weight with sample weights).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Row r : classes) {
            out.put(r.name(), rowMap(r));
        }
        if (microIsAccuracy) {
            out.put("accuracy", micro.f1Score());
        } else {
            out.put("micro avg", rowMap(microAvg()));
        }
        out.put("macro avg", rowMap(macro));
        out.put("weighted avg", rowMap(weighted));
        return out;
    }

    private Map<String, Object> rowMap(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("precision", r.precision());
        m.put("recall", r.recall());
        m.put("f1-score", r.f1Score());
        m.put("support", countSupport ? (Object) Math.round(r.support()) : (Object) r.support());
        return m;
    }

    /** The text report, laid out as scikit-learn prints it. */
    public String text() {
        String avgHead = "weighted avg";
        int width = Math.max(avgHead.length(), digits);
        for (Row r : classes) {
            width = Math.max(width, r.name().length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(pad("", width)).append(' ');
        for (String h : new String[] {"precision", "recall", "f1-score", "support"}) {
            sb.append(' ').append(pad(h, 9));
        }
        sb.append("\n\n");
        for (Row r : classes) {
            row(sb, r, width);
        }
        sb.append('\n');
        if (microIsAccuracy) {
            sb.append(pad("accuracy", width)).append(' ');
            sb.append(' ').append(pad("", 9)).append(' ').append(pad("", 9));
            sb.append(' ').append(pad(fixed(micro.f1Score(), digits), 9));
            sb.append(' ').append(pad(support(micro.support()), 9)).append('\n');
        } else {
            row(sb, microAvg(), width);
        }
        row(sb, macro, width);
        row(sb, weighted, width);
        return sb.toString();
    }

    /** The text report. */
    @Override
    public String toString() {
        return text();
    }

    private void row(StringBuilder sb, Row r, int width) {
        sb.append(pad(r.name(), width)).append(' ');
        for (double v : new double[] {r.precision(), r.recall(), r.f1Score()}) {
            sb.append(' ').append(pad(fixed(v, digits), 9));
        }
        sb.append(' ').append(pad(support(r.support()), 9)).append('\n');
    }

    /** A count as an integer; a total weight as Python prints a float. */
    private String support(double v) {
        if (countSupport) {
            return Long.toString(Math.round(v));
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e16) {
            return (long) v + ".0";
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** Python's {@code format(v, ".<d>f")}: the exact binary value rounded half-to-even. */
    static String fixed(double v, int digits) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        return new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
