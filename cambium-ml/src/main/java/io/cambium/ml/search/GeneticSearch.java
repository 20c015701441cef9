package io.cambium.ml.search;

import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A genetic algorithm over the unit-cube encoding of the space: a random first generation, then
 * per generation the {@code elite} best individuals survive unchanged and the rest are children of
 * two parents picked by tournament selection, mixed by uniform crossover and perturbed by Gaussian
 * mutation. An individual already evaluated is not evaluated again.
 */
public final class GeneticSearch extends HyperparameterSearch<GeneticSearch> {
    private int population = 10;
    private int generations = 40;
    private Long seed;
    private int tournament = 3;
    private int elite = 1;
    private double crossoverRate = 0.9;
    private double mutationRate = Double.NaN;
    private double mutationScale = 0.15;

    /**
     * sklearn-genetic-opt's defaults: a population of 10 over 40 generations; the random state is
     * drawn from {@code Cambium.rng()} at run time unless set.
     */
    public GeneticSearch(SearchSpace space) {
        super(space);
    }

    /**
     * @deprecated use {@code new GeneticSearch(space).population(p).generations(g).randomState(seed)}
     */
    @Deprecated
    public GeneticSearch(SearchSpace space, int population, int generations, long seed) {
        super(space);
        population(population).generations(generations).randomState(seed);
    }

    /** Individuals per generation, at least 2 (default 10). */
    public GeneticSearch population(int size) {
        if (size < 2) {
            throw new IllegalArgumentException("GeneticSearch needs population >= 2, got " + size);
        }
        this.population = size;
        return this;
    }

    /** Number of generations, at least 1 (default 40). */
    public GeneticSearch generations(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("GeneticSearch needs generations >= 1, got " + count);
        }
        this.generations = count;
        return this;
    }

    /** Seed of the evolution, for reproducible searches. */
    public GeneticSearch randomState(long value) {
        this.seed = value;
        return this;
    }

    /** Tournament size for parent selection (default 3). */
    public GeneticSearch tournament(int size) {
        this.tournament = Math.max(1, size);
        return this;
    }

    /** Individuals copied unchanged into the next generation (default 1; fewer than the population). */
    public GeneticSearch elite(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("elite must be >= 0, got " + count);
        }
        this.elite = count;
        return this;
    }

    /** Probability that a child mixes both parents rather than copying the first (default 0.9). */
    public GeneticSearch crossoverRate(double p) {
        this.crossoverRate = p;
        return this;
    }

    /** Per-gene mutation probability (default 1 / dimensions). */
    public GeneticSearch mutationRate(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("mutation rate must be in [0, 1], got " + p);
        }
        this.mutationRate = p;
        return this;
    }

    /** Standard deviation of a mutation in the unit-cube encoding (default 0.15). */
    public GeneticSearch mutationScale(double sigma) {
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("mutation scale must be >= 0, got " + sigma);
        }
        this.mutationScale = sigma;
        return this;
    }

    /**
     * @deprecated use {@link #mutationRate(double)} and {@link #mutationScale(double)}
     */
    @Deprecated
    public GeneticSearch mutation(double rate, double scale) {
        this.mutationRate = rate < 0 ? Double.NaN : rate;
        this.mutationScale = scale;
        return this;
    }

    private record Individual(double[] genes, Map<String, Object> params, double fitness) {
    }

    @Override
    protected void search(Objective objective) {
        if (elite >= population) {
            throw new IllegalArgumentException("GeneticSearch: elite (" + elite + ") must be smaller than the population ("
                    + population + ")");
        }
        Rng rng = rng(seed);
        int d = space.size();
        double pm = Double.isNaN(mutationRate) ? 1.0 / d : mutationRate;
        Map<String, Double> cache = new HashMap<>();
        List<double[]> genomes = new ArrayList<>();
        for (int i = 0; i < population; i++) {
            double[] g = new double[d];
            for (int j = 0; j < d; j++) {
                g[j] = rng.nextDouble();
            }
            genomes.add(g);
        }
        List<Individual> current = assess(objective, genomes, cache);
        for (int gen = 1; gen < generations; gen++) {
            current.sort((a, b) -> Double.compare(b.fitness(), a.fitness()));
            List<double[]> next = new ArrayList<>();
            for (int e = 0; e < elite; e++) {
                next.add(current.get(e).genes());
            }
            while (next.size() < population) {
                double[] a = select(current, rng).genes();
                double[] b = select(current, rng).genes();
                double[] child = a.clone();
                if (rng.nextDouble() < crossoverRate) {
                    for (int j = 0; j < d; j++) {
                        if (rng.nextDouble() < 0.5) {
                            child[j] = b[j];
                        }
                    }
                }
                for (int j = 0; j < d; j++) {
                    if (rng.nextDouble() < pm) {
                        child[j] = reflect(child[j] + mutationScale * rng.nextGaussian());
                    }
                }
                next.add(child);
            }
            current = assess(objective, next, cache);
        }
    }

    /** Evaluates the genomes not seen before (as one parallel batch) and returns all with fitness. */
    private List<Individual> assess(Objective objective, List<double[]> genomes, Map<String, Double> cache) {
        List<Map<String, Object>> fresh = new ArrayList<>();
        List<Map<String, Object>> params = new ArrayList<>();
        java.util.Set<String> pending = new java.util.HashSet<>();
        for (double[] g : genomes) {
            Map<String, Object> p = space.decode(g);
            params.add(p);
            String key = p.toString();
            if (!cache.containsKey(key) && pending.add(key)) {
                fresh.add(p);
            }
        }
        for (Trial t : evaluate(objective, fresh)) {
            double f = sign() * t.score();
            cache.put(t.params().toString(), Double.isNaN(f) ? Double.NEGATIVE_INFINITY : f);
        }
        List<Individual> out = new ArrayList<>();
        for (int i = 0; i < genomes.size(); i++) {
            out.add(new Individual(genomes.get(i), params.get(i), cache.get(params.get(i).toString())));
        }
        return out;
    }

    private Individual select(List<Individual> pop, Rng rng) {
        Individual best = null;
        for (int t = 0; t < tournament; t++) {
            Individual c = pop.get(rng.nextInt(pop.size()));
            if (best == null || c.fitness() > best.fitness()) {
                best = c;
            }
        }
        return best;
    }

    private static double reflect(double v) {
        // Reflect at the borders of [0, 1] so mutation does not pile individuals on the bounds.
        v = Math.abs(v) % 2;
        return v > 1 ? 2 - v : v;
    }
}
