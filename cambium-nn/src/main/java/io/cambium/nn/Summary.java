package io.cambium.nn;

import io.cambium.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders Keras's model summary: one row per layer with its output shape and parameter count,
 * the "Connected to" column for functional models, and the totals (trainable and non-trainable),
 * plus a FLOPs column and total (forward pass, one sample; a multiply-add counts 2).
 */
final class Summary {
    private Summary() {
    }

    private record Row(String layer, List<String> shape, long params, long flops, List<String> connected) {
    }

    static String of(Model model) {
        if (model instanceof Sequential seq && seq.builtInputShape() == null) {
            throw new IllegalStateException(model.describe() + " is not built yet: give its first layer an inputShape(...),"
                    + " start it with an input, or call it on data before summary()");
        }
        boolean functional = model.isGraphNetwork() && !(model instanceof Sequential);
        List<Row> rows = functional ? functionalRows(model) : stackRows(model);
        long total = 0;
        long trainable = 0;
        for (Variable v : model.variables()) {
            long n = Shape.numel(v.shape());
            total += n;
            if (v.trainable()) {
                trainable += n;
            }
        }
        long flops = 0;
        for (Row r : rows) {
            flops += r.flops;
        }
        String[] headers = functional
                ? new String[] {"Layer (type)", "Output Shape", "Param #", "FLOPs", "Connected to"}
                : new String[] {"Layer (type)", "Output Shape", "Param #", "FLOPs"};
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length() + 2;
        }
        widths[0] = Math.max(widths[0], 28);
        widths[1] = Math.max(widths[1], 26);
        widths[2] = Math.max(widths[2], 11);
        widths[3] = Math.max(widths[3], 14);
        for (Row r : rows) {
            widths[0] = Math.max(widths[0], r.layer.length() + 3);
            for (String s : r.shape) {
                widths[1] = Math.max(widths[1], s.length() + 2);
            }
            widths[2] = Math.max(widths[2], Long.toString(r.params).length() + 2);
            widths[3] = Math.max(widths[3], fmt(r.flops).length() + 2);
            if (functional) {
                for (String s : r.connected) {
                    widths[4] = Math.max(widths[4], s.length() + 2);
                }
            }
        }
        if (functional) {
            widths[4] = Math.max(widths[4], 20);
        }
        int lineLength = 0;
        for (int w : widths) {
            lineLength += w;
        }
        StringBuilder b = new StringBuilder();
        b.append("Model: \"").append(model.name()).append("\"\n");
        b.append("_".repeat(lineLength)).append('\n');
        b.append(line(widths, headers)).append('\n');
        b.append("=".repeat(lineLength)).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int lines = Math.max(1, Math.max(r.shape.size(), functional ? r.connected.size() : 0));
            for (int k = 0; k < lines; k++) {
                String[] cells = new String[headers.length];
                cells[0] = k == 0 ? r.layer : "";
                cells[1] = k < r.shape.size() ? r.shape.get(k) : "";
                cells[2] = k == 0 ? Long.toString(r.params) : "";
                cells[3] = k == 0 ? fmt(r.flops) : "";
                if (functional) {
                    cells[4] = k < r.connected.size() ? r.connected.get(k) : "";
                }
                b.append(line(widths, cells)).append('\n');
            }
            b.append(i == rows.size() - 1 ? "=".repeat(lineLength) : " ".repeat(lineLength)).append('\n');
        }
        if (rows.isEmpty()) {
            b.append("=".repeat(lineLength)).append('\n');
        }
        b.append("Total params: ").append(fmt(total)).append('\n');
        b.append("Trainable params: ").append(fmt(trainable)).append('\n');
        b.append("Non-trainable params: ").append(fmt(total - trainable)).append('\n');
        b.append("Total FLOPs (forward, per sample): ").append(fmt(flops)).append('\n');
        List<TemporalReceptiveField> temporal = new ArrayList<>();
        for (Layer l : model.layers()) {
            if (l instanceof TemporalReceptiveField t) {
                temporal.add(t);
            }
        }
        if (!temporal.isEmpty()) {
            // Composed in layer order, which is the data flow for stacks such as a TCN.
            b.append("Receptive field (time steps): ").append(fmt(TemporalReceptiveField.compose(temporal))).append('\n');
        }
        b.append("_".repeat(lineLength)).append('\n');
        return b.toString();
    }

    private static List<Row> stackRows(Model model) {
        List<Row> rows = new ArrayList<>();
        for (Layer l : model.layers()) {
            List<String> shape = new ArrayList<>();
            long flops = 0;
            if (l.lastOutputShapes() != null) {
                for (int[] s : l.lastOutputShapes()) {
                    shape.add(Layer.shapeStr(s));
                }
                flops = l.flops(l.lastInputShapes());
            } else {
                shape.add("multiple");
            }
            if (shape.size() > 1) {
                shape = List.of(String.join(", ", shape));
                shape = List.of("[" + shape.get(0) + "]");
            }
            rows.add(new Row(label(l), shape, l.countParams(), flops, List.of()));
        }
        return rows;
    }

    private static List<Row> functionalRows(Model model) {
        List<Row> rows = new ArrayList<>();
        List<GraphNode> nodes = model.nodes();
        for (Layer l : model.layers()) {
            List<GraphNode> mine = new ArrayList<>();
            for (GraphNode n : l.inboundNodes()) {
                if (nodes.contains(n) || (l instanceof InputLayer && n.inputs().isEmpty())) {
                    mine.add(n);
                }
            }
            List<String> connected = new ArrayList<>();
            long flops = 0;
            String shapeText = null;
            boolean multiple = false;
            for (GraphNode n : mine) {
                List<int[]> in = new ArrayList<>();
                for (SymbolicTensor s : n.inputs()) {
                    connected.add(s.reference());
                    in.add(s.shape());
                }
                if (!(l instanceof InputLayer)) {
                    flops += l.flops(in);
                }
                List<String> outs = new ArrayList<>();
                for (SymbolicTensor o : n.outputs()) {
                    outs.add(Layer.shapeStr(o.shape()));
                }
                String text = outs.size() == 1 && !(l instanceof InputLayer) ? outs.get(0)
                        : "[" + String.join(", ", outs) + "]";
                if (shapeText == null) {
                    shapeText = text;
                } else if (!shapeText.equals(text)) {
                    multiple = true;
                }
            }
            List<String> shape = List.of(multiple ? "multiple" : shapeText == null ? "?" : shapeText);
            rows.add(new Row(label(l), shape, l.countParams(), flops, connected));
        }
        return rows;
    }

    private static String label(Layer l) {
        String type = l instanceof Model m && m.isGraphNetwork() && !(m instanceof Sequential) ? "Functional"
                : l.className();
        return l.name() + " (" + type + ")";
    }

    private static String line(int[] widths, String[] cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String c = " " + cells[i];
            b.append(c);
            if (i < cells.length - 1 || c.length() < widths[i]) {
                b.append(" ".repeat(Math.max(0, widths[i] - c.length())));
            }
        }
        return b.toString();
    }

    private static String fmt(long n) {
        return String.format(java.util.Locale.US, "%,d", n);
    }
}
