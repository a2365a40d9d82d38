package io.quiver.common.expr;

/** The comparison operators of a Milvus filter. */
public enum CompareOp {
    EQ("=="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    private final String symbol;

    CompareOp(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in a filter, e.g. {@code <=}. */
    public String symbol() {
        return symbol;
    }

    /** The operator that gives the same result with its operands swapped: {@code 3 < x} is {@code x > 3}. */
    public CompareOp flip() {
        return switch (this) {
            case EQ, NE -> this;
            case LT -> GT;
            case LE -> GE;
            case GT -> LT;
            case GE -> LE;
        };
    }

    /** True for {@code <, <=, >, >=}, which need values that have an order. */
    public boolean isOrdering() {
        return this != EQ && this != NE;
    }
}
