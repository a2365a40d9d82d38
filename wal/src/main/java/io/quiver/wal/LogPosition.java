package io.quiver.wal;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Where an entry sits in a channel. Backends encode positions so that comparing the bytes as unsigned,
 * lexicographically, gives log order; positions of different channels are not comparable.
 */
public record LogPosition(byte[] bytes) implements Comparable<LogPosition> {
    /** Before the first entry of every channel. */
    public static final LogPosition BEGINNING = new LogPosition(new byte[0]);

    public LogPosition {
        requireNonNull(bytes, "bytes");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public boolean isBeginning() {
        return bytes.length == 0;
    }

    @Override
    public int compareTo(LogPosition other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    public boolean isAfter(LogPosition other) {
        return compareTo(other) > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogPosition other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return isBeginning() ? "BEGINNING" : HexFormat.of().formatHex(bytes);
    }
}
