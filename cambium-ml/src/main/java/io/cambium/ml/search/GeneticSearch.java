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
public final class GeneticSearch extends HyperparameterSearch {
    private final int population;
    private final int generations;
    private final long seed;
    private int tournament = 3;
    private int elite = 1;
    private double crossoverRate = 0.9;
    private double mutationRate = -1;
    private double mutationScale = 0.15;

    public GeneticSearch(SearchSpace space, int population, int generations, long seed) {
        super(space);
        if (population < 2 || generations < 1) {
            throw new IllegalArgumentException("GeneticSearch needs population >= 2 and generations >= 1, got "
                    + population + " and " + generations);
        }
        this.population = population;
        this.generations = generations;
        this.seed = seed;
    }

    /** Tournament size for parent selection (default 3). */
    public GeneticSearch tournament(int size) {
        this.tournament = Math.max(1, size);
        return this;
    }

    /** Individuals copied unchanged into the next generation (default 1). */
    public GeneticSearch elite(int count) {
        if (count < 0 || count >= population) {
            throw new IllegalArgumentException("elite must be in [0, population), got " + count);
        }
        this.elite = count;
        return this;
    }

    /** Probability that a child mixes both parents rather than copying the first (default 0.9). */
    public GeneticSearch crossoverRate(double p) {
        this.crossoverRate = p;
        return this;
    }

    /** Per-gene mutation probability (default 1 / dimensions) and the mutation's standard deviation. */
    public GeneticSearch mutation(double rate, double scale) {
        this.mutationRate = rate;
        this.mutationScale = scale;
        return this;
    }

    private record Individual(double[] genes, Map<String, Object> params, double fitness) {
    }

    @Override
    protected void search(Objective objective) {
        Rng rng = new Rng(seed);
        int d = space.size();
        double pm = mutationRate < 0 ? 1.0 / d : mutationRate;
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
