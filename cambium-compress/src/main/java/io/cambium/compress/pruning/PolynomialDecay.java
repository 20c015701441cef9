package io.cambium.compress.pruning;

/** The polynomial-decay schedule of TF-MOT (and, with equal sparsities, its constant one). */
final class PolynomialDecay implements PruningSchedule {
    private final double initial;
    private final double target;
    private final long begin;
    private final long end;
    private final double power;
    private final int frequency;

    PolynomialDecay(double initial, double target, long begin, long end, double power, int frequency) {
        if (!(initial >= 0 && initial < 1 && target >= 0 && target < 1)) {
            throw new IllegalArgumentException("pruning schedule: sparsities must be in [0, 1), got " + initial + " and "
                    + target);
        }
        if (begin < 0 || end >= 0 && end < begin || frequency < 1 || !(power > 0)) {
            throw new IllegalArgumentException("pruning schedule: need 0 <= begin <= end (or end -1), frequency >= 1,"
                    + " power > 0; got begin " + begin + ", end " + end + ", frequency " + frequency + ", power " + power);
        }
        this.initial = initial;
        this.target = target;
        this.begin = begin;
        this.end = end;
        this.power = power;
        this.frequency = frequency;
    }

    @Override
    public boolean shouldPrune(long step) {
        boolean inRange = step >= begin && (end < 0 || step <= end);
        return inRange && (step - begin) % frequency == 0 || end >= 0 && step == end;
    }

    @Override
    public double sparsity(long step) {
        if (end < 0 || end == begin) {
            return step >= begin ? target : 0;
        }
        double p = Math.min(1, Math.max(0, (double) (step - begin) / (end - begin)));
        return target + (initial - target) * Math.pow(1 - p, power);
    }
}
