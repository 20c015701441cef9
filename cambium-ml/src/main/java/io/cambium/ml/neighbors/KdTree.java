package io.cambium.ml.neighbors;

import io.cambium.tensor.Parallel;

/**
 * A k-d tree: nodes split the widest dimension at the median; a query descends to the nearer child
 * first and skips subtrees whose bounding box lies farther than the current k-th neighbour.
 */
public final class KdTree implements NeighborSearch {
    private final double[][] X;
    private final int[] perm;
    private final int leafSize;
    private final int d;
    private Node root;

    private static final class Node {
        int start;
        int end;
        int dim = -1;
        double split;
        Node left;
        Node right;
        double[] lo;
        double[] hi;
    }

    public KdTree(double[][] X, int leafSize) {
        if (X.length == 0) {
            throw new IllegalArgumentException("KdTree: no training rows");
        }
        this.X = X;
        this.leafSize = Math.max(1, leafSize);
        this.d = X[0].length;
        this.perm = new int[X.length];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        root = build(0, X.length);
    }

    private Node build(int start, int end) {
        Node node = new Node();
        node.start = start;
        node.end = end;
        node.lo = new double[d];
        node.hi = new double[d];
        java.util.Arrays.fill(node.lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(node.hi, Double.NEGATIVE_INFINITY);
        for (int i = start; i < end; i++) {
            double[] x = X[perm[i]];
            for (int j = 0; j < d; j++) {
                node.lo[j] = Math.min(node.lo[j], x[j]);
                node.hi[j] = Math.max(node.hi[j], x[j]);
            }
        }
        if (end - start <= leafSize) {
            return node;
        }
        int dim = 0;
        for (int j = 1; j < d; j++) {
            if (node.hi[j] - node.lo[j] > node.hi[dim] - node.lo[dim]) {
                dim = j;
            }
        }
        if (node.hi[dim] == node.lo[dim]) {
            return node;
        }
        int mid = (start + end) >>> 1;
        select(start, end - 1, mid, dim);
        node.dim = dim;
        node.split = X[perm[mid]][dim];
        node.left = build(start, mid);
        node.right = build(mid, end);
        return node;
    }

    /** Quickselect on perm[lo..hi] so that position k holds the k-th smallest along dim. */
    private void select(int lo, int hi, int k, int dim) {
        while (lo < hi) {
            double pivot = X[perm[(lo + hi) >>> 1]][dim];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (X[perm[i]][dim] < pivot) {
                    i++;
                }
                while (X[perm[j]][dim] > pivot) {
                    j--;
                }
                if (i <= j) {
                    int t = perm[i];
                    perm[i] = perm[j];
                    perm[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    @Override
    public Neighbors query(double[][] queries, int k) {
        if (k < 1 || k > X.length) {
            throw new IllegalArgumentException("k-NN: expected 1 <= n_neighbors <= n_samples_fit = " + X.length
                    + ", got " + k);
        }
        int[][] ind = new int[queries.length][];
        double[][] dist = new double[queries.length][];
        Parallel.range(queries.length, 64, (s, e) -> {
            for (int q = s; q < e; q++) {
                KBest best = new KBest(k);
                search(root, queries[q], best);
                ind[q] = best.idx.clone();
                dist[q] = new double[k];
                for (int j = 0; j < k; j++) {
                    dist[q][j] = Math.sqrt(best.dist[j]);
                }
            }
        });
        return new Neighbors(ind, dist);
    }

    private void search(Node node, double[] q, KBest best) {
        // Ties at the k-th distance may still win on index, so prune only strictly farther boxes.
        if (boxDistance(node, q) > best.worst()) {
            return;
        }
        if (node.left == null) {
            for (int i = node.start; i < node.end; i++) {
                best.offer(perm[i], NeighborSearch.squaredDistance(q, X[perm[i]]));
            }
            return;
        }
        boolean leftFirst = q[node.dim] < node.split;
        search(leftFirst ? node.left : node.right, q, best);
        search(leftFirst ? node.right : node.left, q, best);
    }

    private double boxDistance(Node node, double[] q) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double v = q[j] < node.lo[j] ? node.lo[j] - q[j] : (q[j] > node.hi[j] ? q[j] - node.hi[j] : 0);
            s += v * v;
        }
        return s;
    }
}
