package io.quiver.common.expr;

import io.quiver.common.expr.Literal.NumberLiteral;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Turns comparisons into closed intervals of a column's value domain, so that one kernel serves every
 * operator and range: over integers {@code x > 2.5} is {@code x in [3, MAX]}, exactly, whatever the
 * magnitude of the literal; over doubles {@code x > c} is {@code x in [nextUp(c), +inf]}. A comparison
 * with NaN is false, as {@code NaN >= lo && NaN <= hi} is.
 */
final class Intervals {
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private Intervals() {}

    /** {@code lower <(=) x <(=) upper}; a null bound is unbounded. */
    record Bounds(Literal lower, boolean lowerInclusive, Literal upper, boolean upperInclusive) {
        /** The bounds of {@code x op value}; {@code !=} has the bounds of {@code ==}, to be negated. */
        static Bounds of(CompareOp op, Literal value) {
            return switch (op) {
                case EQ, NE -> new Bounds(value, true, value, true);
                case LT -> new Bounds(null, false, value, false);
                case LE -> new Bounds(null, false, value, true);
                case GT -> new Bounds(value, false, null, false);
                case GE -> new Bounds(value, true, null, false);
            };
        }

        static Bounds of(Range range) {
            return new Bounds(range.lower(), range.lowerInclusive(), range.upper(), range.upperInclusive());
        }

        boolean isPoint() {
            return lower != null && lower.equals(upper) && lowerInclusive && upperInclusive;
        }
    }

    /** {@code lo <= x <= hi}; empty when {@code lo > hi}. */
    record LongInterval(long lo, long hi) {
        static final LongInterval EMPTY = new LongInterval(Long.MAX_VALUE, Long.MIN_VALUE);
    }

    record DoubleInterval(double lo, double hi) {
        static final DoubleInterval EMPTY = new DoubleInterval(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    record FloatInterval(float lo, float hi) {
        static final FloatInterval EMPTY = new FloatInterval(Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
    }

    static LongInterval longs(Bounds bounds) {
        long lo = Long.MIN_VALUE;
        long hi = Long.MAX_VALUE;
        if (bounds.lower() != null) {
            BigDecimal v = number(bounds.lower()).value();
            if (v.compareTo(LONG_MAX) > 0) {
                return LongInterval.EMPTY;
            }
            if (v.compareTo(LONG_MIN) >= 0) {
                if (bounds.lowerInclusive()) {
                    lo = v.setScale(0, RoundingMode.CEILING).longValueExact();
                } else {
                    long floor = v.setScale(0, RoundingMode.FLOOR).longValueExact();
                    if (floor == Long.MAX_VALUE) {
                        return LongInterval.EMPTY;
                    }
                    lo = floor + 1;
                }
            }
        }
        if (bounds.upper() != null) {
            BigDecimal v = number(bounds.upper()).value();
            if (v.compareTo(LONG_MIN) < 0) {
                return LongInterval.EMPTY;
            }
            if (v.compareTo(LONG_MAX) <= 0) {
                if (bounds.upperInclusive()) {
                    hi = v.setScale(0, RoundingMode.FLOOR).longValueExact();
                } else {
                    long ceiling = v.setScale(0, RoundingMode.CEILING).longValueExact();
                    if (ceiling == Long.MIN_VALUE) {
                        return LongInterval.EMPTY;
                    }
                    hi = ceiling - 1;
                }
            }
        }
        return new LongInterval(lo, hi);
    }

    static DoubleInterval doubles(Bounds bounds) {
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        if (bounds.lower() != null) {
            double c = number(bounds.lower()).doubleValue();
            if (!bounds.lowerInclusive() && c == Double.POSITIVE_INFINITY) {
                return DoubleInterval.EMPTY;
            }
            lo = bounds.lowerInclusive() ? c : Math.nextUp(c);
        }
        if (bounds.upper() != null) {
            double c = number(bounds.upper()).doubleValue();
            if (!bounds.upperInclusive() && c == Double.NEGATIVE_INFINITY) {
                return DoubleInterval.EMPTY;
            }
            hi = bounds.upperInclusive() ? c : Math.nextDown(c);
        }
        return new DoubleInterval(lo, hi);
    }

    static FloatInterval floats(Bounds bounds) {
        float lo = Float.NEGATIVE_INFINITY;
        float hi = Float.POSITIVE_INFINITY;
        if (bounds.lower() != null) {
            float c = number(bounds.lower()).floatValue();
            if (!bounds.lowerInclusive() && c == Float.POSITIVE_INFINITY) {
                return FloatInterval.EMPTY;
            }
            lo = bounds.lowerInclusive() ? c : Math.nextUp(c);
        }
        if (bounds.upper() != null) {
            float c = number(bounds.upper()).floatValue();
            if (!bounds.upperInclusive() && c == Float.NEGATIVE_INFINITY) {
                return FloatInterval.EMPTY;
            }
            hi = bounds.upperInclusive() ? c : Math.nextDown(c);
        }
        return new FloatInterval(lo, hi);
    }

    /** The value of an integer-valued literal that fits a long, or null. */
    static Long exactLong(BigDecimal v) {
        if (v.compareTo(LONG_MIN) < 0 || v.compareTo(LONG_MAX) > 0) {
            return null;
        }
        BigDecimal floor = v.setScale(0, RoundingMode.FLOOR);
        return floor.compareTo(v) == 0 ? floor.longValueExact() : null;
    }

    private static NumberLiteral number(Literal literal) {
        if (literal instanceof NumberLiteral number) {
            return number;
        }
        throw new IllegalArgumentException(literal.describe() + " is not a number");
    }
}
