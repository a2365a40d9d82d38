package io.quiver.querynode.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One channel's log as several proxies write it: each proxy stamps writes from one shared oracle, but
 * the writes in flight (of every proxy) reach the log in random order; a tick X is appended only when
 * no write at or below X is still in flight (the minimum over the proxies, as {@code TimeTickPublisher}
 * computes it). So entries are out of timestamp order only between two ticks. Next to the log, a model:
 * the writes sorted by timestamp.
 */
final class ProxyLog {
    sealed interface Item permits Write, Tick {}

    /** An insert/upsert (rows) or a delete ({@code tags == null}) of one request, at one timestamp. */
    record Write(long timestamp, long partition, long[] keys, long[] tags, float[] vectors) implements Item {
        boolean isDelete() {
            return tags == null;
        }
    }

    record Tick(long timestamp) implements Item {}

    final List<Item> items = new ArrayList<>();
    private final List<Write> writes = new ArrayList<>();

    private ProxyLog() {}

    /** A log of {@code writeCount} writes over keys [0, keySpace) from {@code proxies} proxies, ending with a tick. */
    static ProxyLog generate(Random random, int proxies, int writeCount, int keySpace) {
        ProxyLog log = new ProxyLog();
        List<List<Write>> inFlight = new ArrayList<>();
        for (int p = 0; p < proxies; p++) {
            inFlight.add(new ArrayList<>());
        }
        long tso = 100;
        long lastTick = 0;
        int stamped = 0;
        while (stamped < writeCount || inFlight.stream().anyMatch(l -> !l.isEmpty())) {
            int step = random.nextInt(10);
            if (step < 4 && stamped < writeCount) {
                tso += 1 + random.nextInt(3);
                Write write = randomWrite(random, tso, keySpace);
                inFlight.get(random.nextInt(proxies)).add(write);
                log.writes.add(write);
                stamped++;
            } else if (step < 8) {
                List<List<Write>> busy =
                        inFlight.stream().filter(l -> !l.isEmpty()).toList();
                if (!busy.isEmpty()) {
                    List<Write> proxy = busy.get(random.nextInt(busy.size()));
                    log.items.add(proxy.remove(random.nextInt(proxy.size())));
                }
            } else {
                long safe = ++tso;
                for (List<Write> proxy : inFlight) {
                    for (Write write : proxy) {
                        safe = Math.min(safe, write.timestamp() - 1);
                    }
                }
                if (safe > lastTick) {
                    log.items.add(new Tick(safe));
                    lastTick = safe;
                }
            }
        }
        log.items.add(new Tick(++tso));
        return log;
    }

    private static Write randomWrite(Random random, long timestamp, int keySpace) {
        if (random.nextInt(4) == 0) {
            return new Write(
                    timestamp,
                    0,
                    random.longs(1 + random.nextInt(3), 0, keySpace + 3).toArray(),
                    null,
                    null);
        }
        int rows = 1 + random.nextInt(4);
        long[] keys = random.longs(rows, 0, keySpace).toArray(); // duplicates in one request happen
        long[] tags = random.longs(rows, 0, 1_000).toArray();
        float[] vectors = new float[rows * Fixtures.DIMENSION];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = (float) random.nextGaussian();
        }
        return new Write(timestamp, 1 + random.nextInt(2), keys, tags, vectors);
    }

    /** The newest timestamp in the log (its last tick). */
    long lastTimestamp() {
        return items.getLast() instanceof Tick tick ? tick.timestamp() : 0;
    }

    /** A row version of the model. */
    record Row(long key, long tag, long partition, float[] vector) {
        String describe() {
            return key + "|" + tag + "|p" + partition + "|" + Arrays.toString(vector);
        }
    }

    /** The rows visible at {@code snapshot}: per key, the newest write at or below it (the later row on ties). */
    List<Row> visibleAt(long snapshot) {
        Map<Long, Row> latest = new HashMap<>();
        for (Write write : writes) { // stamped in timestamp order
            if (write.timestamp() > snapshot) {
                break;
            }
            for (int i = 0; i < write.keys().length; i++) {
                long key = write.keys()[i];
                if (write.isDelete()) {
                    latest.remove(key);
                } else {
                    float[] vector =
                            Arrays.copyOfRange(write.vectors(), i * Fixtures.DIMENSION, (i + 1) * Fixtures.DIMENSION);
                    latest.put(key, new Row(key, write.tags()[i], write.partition(), vector));
                }
            }
        }
        return latest.values().stream()
                .sorted(Comparator.comparingLong(Row::key))
                .toList();
    }
}
