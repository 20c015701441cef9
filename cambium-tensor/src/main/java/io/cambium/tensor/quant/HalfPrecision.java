package io.cambium.tensor.quant;

import io.cambium.tensor.Parallel;

/**
 * The two 16-bit floating-point formats: {@link #BFLOAT16} (8 exponent bits, 7 mantissa bits: the
 * range of float32 with 3 significant digits) and {@link #FLOAT16} (IEEE 754 binary16: 5 exponent
 * bits, 10 mantissa bits, largest finite value 65504, subnormals down to 2^-24).
 *
 * <p>Conversions from float32 round to nearest, ties to even (as PyTorch's {@code .to(bfloat16)},
 * {@code .half()} and numpy do); NaN stays NaN and, for float16, values beyond the range become
 * infinities. Conversions to float32 are exact.
 */
public enum HalfPrecision {
    /** Brain floating point: the upper 16 bits of a float32, rounded. */
    BFLOAT16("bf16", "BF16") {
        @Override
        public short encode(float f) {
            int bits = Float.floatToRawIntBits(f);
            if ((bits & 0x7FFFFFFF) > 0x7F800000) {
                // NaN: keep the sign, force a quiet NaN so that truncation cannot make it an infinity
                return (short) ((bits >>> 16) | 0x0040);
            }
            int rounding = 0x7FFF + ((bits >>> 16) & 1);
            return (short) ((bits + rounding) >>> 16);
        }

        @Override
        public float decode(short h) {
            return Float.intBitsToFloat((h & 0xFFFF) << 16);
        }

        @Override
        public float round(float f) {
            int bits = Float.floatToRawIntBits(f);
            if ((bits & 0x7FFFFFFF) > 0x7F800000) {
                return f;
            }
            return Float.intBitsToFloat((bits + 0x7FFF + ((bits >>> 16) & 1)) & 0xFFFF0000);
        }
    },
    /** IEEE 754 half precision. */
    FLOAT16("fp16", "F16") {
        @Override
        public short encode(float f) {
            int bits = Float.floatToRawIntBits(f);
            int sign = (bits >>> 16) & 0x8000;
            int abs = bits & 0x7FFFFFFF;
            if (abs >= 0x7F800000) {
                // Inf stays Inf; NaN becomes a quiet NaN with the top mantissa bits
                return (short) (sign | 0x7C00 | (abs > 0x7F800000 ? 0x0200 | ((abs >>> 13) & 0x3FF) : 0));
            }
            if (abs >= 0x477FF000) {
                // >= 65520 rounds to infinity
                return (short) (sign | 0x7C00);
            }
            if (abs < 0x38800000) {
                // below the smallest normal half (2^-14): a subnormal, rounded to a multiple of 2^-24
                if (abs < 0x33000000) {
                    // below 2^-25: rounds to zero (2^-25 exactly is a tie, which goes to the even 0)
                    return (short) sign;
                }
                int exp = abs >>> 23;
                int mant = (abs & 0x7FFFFF) | 0x800000;
                int shift = 126 - exp; // value = mant * 2^(exp-150); subnormal units of 2^-24
                int q = mant >>> shift;
                int rem = mant & ((1 << shift) - 1);
                int half = 1 << (shift - 1);
                if (rem > half || (rem == half && (q & 1) != 0)) {
                    q++;
                }
                return (short) (sign | q);
            }
            // normal: rebias the exponent (127 -> 15) and round the mantissa from 23 to 10 bits
            int r = abs - 0x38000000;
            r += 0xFFF + ((r >>> 13) & 1);
            return (short) (sign | (r >>> 13));
        }

        @Override
        public float decode(short h) {
            int bits = h & 0xFFFF;
            int sign = (bits & 0x8000) << 16;
            int exp = (bits >>> 10) & 0x1F;
            int mant = bits & 0x3FF;
            if (exp == 0x1F) {
                return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
            }
            if (exp == 0) {
                float v = mant * 0x1p-24f;
                return sign != 0 ? -v : v;
            }
            return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
        }

        @Override
        public float round(float f) {
            return decode(encode(f));
        }
    };

    private static final int GRAIN = 1 << 15;
    private final String shortName;
    private final String safetensorsName;

    HalfPrecision(String shortName, String safetensorsName) {
        this.shortName = shortName;
        this.safetensorsName = safetensorsName;
    }

    /** The 16 bits of {@code f} in this format, rounded to nearest even. */
    public abstract short encode(float f);

    /** The float32 value of 16 bits in this format (exact). */
    public abstract float decode(short h);

    /** {@code f} rounded to the nearest value of this format, as a float32. */
    public abstract float round(float f);

    /** {@code bf16} or {@code fp16}, as used in option values. */
    public String shortName() {
        return shortName;
    }

    /** The safetensors dtype name: {@code BF16} or {@code F16}. */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** The format named {@code bf16}/{@code bfloat16} or {@code fp16}/{@code float16}/{@code half}. */
    public static HalfPrecision of(String name) {
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "bf16", "bfloat16" -> {
                return BFLOAT16;
            }
            case "fp16", "f16", "float16", "half" -> {
                return FLOAT16;
            }
            default -> throw new IllegalArgumentException("unknown 16-bit format '" + name
                    + "' (expected bf16 or fp16)");
        }
    }

    /** Encodes every value of {@code src}. */
    public short[] encode(float[] src) {
        short[] out = new short[src.length];
        Parallel.range(src.length, GRAIN, (s, e) -> {
            for (int i = s; i < e; i++) {
                out[i] = encode(src[i]);
            }
        });
        return out;
    }

    /** Decodes every value of {@code src}. */
    public float[] decode(short[] src) {
        float[] out = new float[src.length];
        Parallel.range(src.length, GRAIN, (s, e) -> {
            for (int i = s; i < e; i++) {
                out[i] = decode(src[i]);
            }
        });
        return out;
    }

    /** Rounds {@code src[i]} into {@code dst[i]} for every i (dst may be src). */
    public void round(float[] src, float[] dst) {
        Parallel.range(src.length, GRAIN, (s, e) -> {
            for (int i = s; i < e; i++) {
                dst[i] = round(src[i]);
            }
        });
    }
}
