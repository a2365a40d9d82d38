package io.quiver.coordinator;

/** Read consistency, numbered as {@code milvus.proto.common.ConsistencyLevel}. */
public enum ConsistencyLevel {
    STRONG(0),
    SESSION(1),
    BOUNDED(2),
    EVENTUALLY(3),
    CUSTOMIZED(4);

    private final int milvusNumber;

    ConsistencyLevel(int milvusNumber) {
        this.milvusNumber = milvusNumber;
    }

    public int milvusNumber() {
        return milvusNumber;
    }

    public static ConsistencyLevel fromMilvusNumber(int number) {
        for (ConsistencyLevel level : values()) {
            if (level.milvusNumber == number) {
                return level;
            }
        }
        throw io.quiver.common.QuiverException.invalid(
                "consistency level %d is not known (0 Strong, 1 Session, 2 Bounded, 3 Eventually, 4 Customized)",
                number);
    }
}
