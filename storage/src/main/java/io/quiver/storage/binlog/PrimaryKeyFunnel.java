package io.quiver.storage.binlog;

import com.google.common.hash.Funnel;
import com.google.common.hash.PrimitiveSink;
import java.nio.charset.StandardCharsets;

/** Feeds a primary key to a Bloom filter: an Int64 key as its 8 bytes, a VarChar key as its UTF-8 bytes. */
enum PrimaryKeyFunnel implements Funnel<Object> {
    INSTANCE;

    @Override
    public void funnel(Object key, PrimitiveSink into) {
        switch (key) {
            case Long value -> into.putLong(value);
            case String value -> into.putString(value, StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException("a primary key is a Long or a String, not " + key.getClass());
        }
    }
}
