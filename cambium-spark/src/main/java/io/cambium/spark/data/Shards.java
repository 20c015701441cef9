package io.cambium.spark.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Turns a DataFrame into one cached {@link Shard} per partition. Rows are numbered by
 * {@code zipWithIndex} over the DataFrame's own partitions (deterministic for files and local
 * collections, so a lost partition is rebuilt with the same rows and numbers); with a requested
 * partition count, row {@code i} goes to partition {@code i mod n}.
 */
public final class Shards {
    private final JavaRDD<Shard> rdd;
    private final int rows;
    private final int[] featureShape;
    private final int[] labelShape;

    private Shards(JavaRDD<Shard> rdd, int rows, int[] featureShape, int[] labelShape) {
        this.rdd = rdd;
        this.rows = rows;
        this.featureShape = featureShape;
        this.labelShape = labelShape;
    }

    /**
     * Decodes and caches the DataFrame's rows; {@code partitions <= 0} keeps the DataFrame's own
     * partitioning.
     *
     * @throws IllegalArgumentException naming a missing column, or a row that does not decode
     */
    public static Shards of(Dataset<Row> df, Columns columns, int partitions) {
        List<String> names = Arrays.asList(df.columns());
        for (String c : new String[] {columns.featuresColumn(), columns.labelColumn()}) {
            if (!names.contains(c)) {
                throw new IllegalArgumentException("DataFrame has no column '" + c + "'; it has " + names);
            }
        }
        Dataset<Row> selected = df.select(columns.featuresColumn(), columns.labelColumn());
        // The first row is decoded on the driver, so a column that does not fit fails here with a plain message.
        List<Row> first = selected.limit(1).collectAsList();
        if (!first.isEmpty()) {
            columns.features(first.get(0), 0);
            columns.label(first.get(0), 0);
        }
        JavaPairRDD<Row, Long> indexed = selected.javaRDD().zipWithIndex();
        JavaRDD<Shard> shards;
        if (partitions > 0 && partitions != indexed.getNumPartitions()) {
            final int n = partitions;
            shards = indexed.mapToPair(t -> new Tuple2<>(t._2() % n, t))
                    .partitionBy(new HashPartitioner(n))
                    .values()
                    .mapPartitions(it -> build(it, columns));
        } else {
            shards = indexed.rdd().toJavaRDD().mapPartitions(it -> build(it, columns));
        }
        shards = shards.persist(StorageLevel.MEMORY_AND_DISK());
        List<Head> heads = shards.map(s -> new Head(s.size(), s.featureShape(), s.labelShape())).collect();
        int rows = 0;
        int[] fs = null;
        int[] ls = null;
        for (Head h : heads) {
            rows += h.rows();
            if (fs == null) {
                fs = h.featureShape();
                ls = h.labelShape();
            } else if (!Arrays.equals(fs, h.featureShape()) || !Arrays.equals(ls, h.labelShape())) {
                throw new IllegalArgumentException("DataFrame rows differ in shape across partitions: features "
                        + Arrays.toString(fs) + " vs " + Arrays.toString(h.featureShape()) + ", labels "
                        + Arrays.toString(ls) + " vs " + Arrays.toString(h.labelShape()));
            }
        }
        if (rows == 0) {
            shards.unpersist(false);
            throw new IllegalArgumentException("DataFrame has no rows to train on");
        }
        return new Shards(shards, rows, fs, ls);
    }

    /** What the driver learns of a shard without fetching it. */
    private record Head(int rows, int[] featureShape, int[] labelShape) implements java.io.Serializable {
    }

    private static Iterator<Shard> build(Iterator<Tuple2<Row, Long>> it, Columns columns) {
        List<Tuple2<Row, Long>> rows = new ArrayList<>();
        it.forEachRemaining(rows::add);
        if (rows.isEmpty()) {
            return List.<Shard>of().iterator();
        }
        rows.sort((a, b) -> Long.compare(a._2(), b._2()));
        int n = rows.size();
        long[] index = new long[n];
        float[] f0 = columns.features(rows.get(0)._1(), rows.get(0)._2());
        float[] l0 = columns.label(rows.get(0)._1(), rows.get(0)._2());
        int[] featureShape = columns.featureShape(f0);
        int[] labelShape = columns.labelShape(rows.get(0)._1().get(1), l0);
        float[] features = new float[n * f0.length];
        float[] labels = new float[n * l0.length];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i)._1();
            long at = rows.get(i)._2();
            if (at > Integer.MAX_VALUE - 1) {
                throw new IllegalArgumentException("DataFrame has more than " + Integer.MAX_VALUE + " rows");
            }
            index[i] = at;
            float[] f = i == 0 ? f0 : columns.features(r, at);
            float[] l = i == 0 ? l0 : columns.label(r, at);
            if (f.length != f0.length) {
                throw new IllegalArgumentException("column '" + columns.featuresColumn() + "' row " + at + " has "
                        + f.length + " values, row " + rows.get(0)._2() + " has " + f0.length);
            }
            if (l.length != l0.length) {
                throw new IllegalArgumentException("column '" + columns.labelColumn() + "' row " + at + " has "
                        + l.length + " values, row " + rows.get(0)._2() + " has " + l0.length);
            }
            System.arraycopy(f, 0, features, i * f.length, f.length);
            System.arraycopy(l, 0, labels, i * l.length, l.length);
        }
        return List.of(new Shard(index, features, featureShape, labels, labelShape)).iterator();
    }

    /** The cached shards, one per non-empty partition. */
    public JavaRDD<Shard> rdd() {
        return rdd;
    }

    /** The number of rows. */
    public int rows() {
        return rows;
    }

    /** The shape of one row's features. */
    public int[] featureShape() {
        return featureShape.clone();
    }

    /** The shape of one row's label. */
    public int[] labelShape() {
        return labelShape.clone();
    }

    /** Drops the cached shards. */
    public void release() {
        rdd.unpersist(false);
    }
}
