package io.cambium.ml.neighbors;

/**
 * The k nearest training rows of each query row: indices and Euclidean distances, nearest first,
 * equal distances ordered by training index.
 */
public record Neighbors(int[][] indices, double[][] distances) {
}
