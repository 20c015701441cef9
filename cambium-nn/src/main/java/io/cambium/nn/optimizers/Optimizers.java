package io.cambium.nn.optimizers;

import io.cambium.nn.Configs;
import io.cambium.nn.schedules.LearningRateSchedule;
import io.cambium.nn.schedules.Schedules;
import java.util.Map;

/** Optimizers by Keras name, and re-creation from a saved {@link Optimizer#config()}. */
public final class Optimizers {
    private Optimizers() {
    }

    /**
     * An optimizer with its default hyperparameters from a Keras name ({@code sgd}, {@code adam},
     * {@code adamw}, {@code adamax}, {@code nadam}, {@code rmsprop}, {@code adagrad}, {@code adadelta}).
     */
    public static Optimizer get(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "sgd" -> new SGD();
            case "adam" -> new Adam();
            case "adamw" -> new AdamW();
            case "adamax" -> new Adamax();
            case "nadam" -> new Nadam();
            case "rmsprop" -> new RMSprop();
            case "adagrad" -> new Adagrad();
            case "adadelta" -> new Adadelta();
            default -> throw new IllegalArgumentException("unknown optimizer '" + name
                    + "' (known: sgd, adam, adamw, adamax, nadam, rmsprop, adagrad, adadelta)");
        };
    }

    /**
     * Re-creates an optimizer (without its state) from {@link Optimizer#config()}.
     *
     * @throws IllegalArgumentException naming the optimizer and the key when the config is invalid
     */
    @SuppressWarnings("unchecked")
    public static Optimizer fromConfig(Map<String, Object> c) {
        String name = Configs.string(c, "name", null);
        if (name == null) {
            throw Configs.invalid(c, "name", "is required (the optimizer's Keras name)", null);
        }
        Object lrValue = c.get("learning_rate");
        LearningRateSchedule schedule = lrValue instanceof Map<?, ?> m ? Schedules.fromConfig((Map<String, Object>) m) : null;
        float lr = schedule == null ? num(name, c, "learning_rate") : 0f;
        BaseOptimizer<?> o = switch (name) {
            case "sgd" -> {
                float mom = num(name, c, "momentum");
                boolean nesterov = bool(name, c, "nesterov");
                SGD s = schedule != null ? new SGD(schedule, mom, nesterov) : new SGD(lr, mom, nesterov);
                yield s.dampening(num(name, c, "dampening"));
            }
            case "adam" -> (schedule != null ? new Adam(schedule, bool(name, c, "amsgrad"))
                    : new Adam(lr, bool(name, c, "amsgrad")))
                    .betas(num(name, c, "beta_1"), num(name, c, "beta_2")).epsilon(num(name, c, "epsilon"));
            case "adamw" -> (schedule != null ? new AdamW(schedule, num(name, c, "weight_decay"), bool(name, c, "amsgrad"))
                    : new AdamW(lr, num(name, c, "weight_decay"), bool(name, c, "amsgrad")))
                    .betas(num(name, c, "beta_1"), num(name, c, "beta_2")).epsilon(num(name, c, "epsilon"));
            case "adamax" -> (schedule != null ? new Adamax(schedule) : new Adamax(lr))
                    .betas(num(name, c, "beta_1"), num(name, c, "beta_2")).epsilon(num(name, c, "epsilon"));
            case "nadam" -> (schedule != null ? new Nadam(schedule) : new Nadam(lr))
                    .betas(num(name, c, "beta_1"), num(name, c, "beta_2")).epsilon(num(name, c, "epsilon"))
                    .momentumDecay(Configs.real(c, "momentum_decay", 0.004));
            case "rmsprop" -> (schedule != null
                    ? new RMSprop(schedule, num(name, c, "momentum"), bool(name, c, "centered"))
                    : new RMSprop(lr, num(name, c, "momentum"), bool(name, c, "centered")))
                    .rho(num(name, c, "rho")).epsilon(num(name, c, "epsilon"))
                    .epsilonInsideSqrt(Boolean.TRUE.equals(c.get("epsilon_inside_sqrt")));
            case "adagrad" -> (schedule != null ? new Adagrad(schedule) : new Adagrad(lr))
                    .initialAccumulatorValue(num(name, c, "initial_accumulator_value"))
                    .epsilon(num(name, c, "epsilon")).lrDecay(num(name, c, "lr_decay"));
            case "adadelta" -> (schedule != null ? new Adadelta(schedule) : new Adadelta(lr))
                    .rho(num(name, c, "rho")).epsilon(num(name, c, "epsilon"));
            default -> throw Configs.unknown(c, "name", "optimizer", name);
        };
        o.weightDecay(num(name, c, "weight_decay"));
        if (c.get("clipvalue") != null) {
            o.clipValue(num(name, c, "clipvalue"));
        }
        if (c.get("clipnorm") != null) {
            o.clipNorm(num(name, c, "clipnorm"));
        }
        if (c.get("global_clipnorm") != null) {
            o.globalClipNorm(num(name, c, "global_clipnorm"));
        }
        if (c.get("gradient_accumulation_steps") != null) {
            o.gradientAccumulationSteps(Configs.integer(c, "gradient_accumulation_steps"));
        }
        return o;
    }

    private static float num(String opt, Map<String, Object> c, String key) {
        if (c.get(key) == null) {
            throw Configs.invalid(c, key, "is required in a " + opt + " config (a number)", null);
        }
        return Configs.number(c, key, 0f);
    }

    private static boolean bool(String opt, Map<String, Object> c, String key) {
        if (c.get(key) == null) {
            throw Configs.invalid(c, key, "is required in a " + opt + " config (true or false)", null);
        }
        return Configs.bool(c, key, false);
    }
}
