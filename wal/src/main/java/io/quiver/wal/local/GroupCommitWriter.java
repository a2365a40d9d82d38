package io.quiver.wal.local;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.wal.LogPosition;
import io.quiver.wal.local.ChannelLog.DurableMark;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes a {@link LocalWriteAheadLog}. It takes every append queued since its last round
 * (across channels, up to {@link LocalWalConfig#maxBatchBytes()}), writes them in queue order, forces each
 * file it touched once, publishes the new durable ends to readers, then completes the appends' futures in
 * order. Many concurrent appends thus share one fsync (group commit).
 *
 * <p>If a write or a force fails, the files' state is unknown: that batch and every later append fail with
 * UNAVAILABLE until the log is reopened (recovery then cuts off whatever was half written). Entries of a
 * failed batch may or may not be present after the reopen.
 *
 * <p>Futures complete on the writer thread: dependent stages attached without an executor run there and
 * should be short.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    private record PendingAppend(ChannelLog channel, byte[] payload, CompletableFuture<LogPosition> future) {}

    private final LocalWalConfig config;
    private final Thread thread;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final ArrayDeque<PendingAppend> queue = new ArrayDeque<>();
    private boolean closed;

    /** Set once by the writer thread when a write fails; read by appending threads. */
    private volatile QuiverException failure;
    /** Writer thread only. */
    private final Map<ChannelLog, ChannelWriter> writers = new HashMap<>();
    /** Writer thread only; read after it ended. */
    private long entriesWritten;

    private long groupCommits;
    private long filesForced;

    GroupCommitWriter(LocalWalConfig config) {
        this.config = config;
        this.thread = Thread.ofPlatform().name("wal-writer").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Queues one append; the future completes once the entry is durable. */
    CompletableFuture<LogPosition> submit(ChannelLog channel, byte[] payload) {
        QuiverException failed = failure;
        if (failed != null) {
            return CompletableFuture.failedFuture(failed);
        }
        CompletableFuture<LogPosition> future = new CompletableFuture<>();
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new QuiverException(
                        ErrorCode.UNAVAILABLE,
                        "cannot append to channel '" + channel.name() + "': the write-ahead log in "
                                + config.directory() + " is closed"));
            }
            queue.add(new PendingAppend(channel, payload, future));
            queued.signal();
        } finally {
            lock.unlock();
        }
        return future;
    }

    /** Refuses new appends, waits until every queued one is written and forced, and closes the files. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            queued.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread.getState() == Thread.State.NEW) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        for (List<PendingAppend> batch = nextBatch(); !batch.isEmpty(); batch = nextBatch()) {
            QuiverException failed = failure;
            if (failed != null) {
                fail(batch, failed);
                continue;
            }
            try {
                write(batch);
            } catch (Throwable t) {
                failure = new QuiverException(
                        ErrorCode.UNAVAILABLE,
                        "the write-ahead log in " + config.directory() + " failed to write: " + t
                                + "; it takes no more appends until it is reopened",
                        t);
                LOG.error(
                        "Write-ahead log in {} failed to write {} entries; refusing appends until it is reopened",
                        config.directory(),
                        batch.size(),
                        t);
                fail(batch, failure);
            }
        }
        writers.values().forEach(ChannelWriter::close);
        writers.clear();
        LOG.info(
                "Write-ahead log in {} wrote {} entries in {} group commits ({} channel files forced)",
                config.directory(),
                entriesWritten,
                groupCommits,
                filesForced);
    }

    /** Waits for appends and takes a batch of them; empty once the log is closed and nothing is left. */
    private List<PendingAppend> nextBatch() {
        lock.lock();
        try {
            while (queue.isEmpty() && !closed) {
                queued.awaitUninterruptibly();
            }
            List<PendingAppend> batch = new ArrayList<>();
            long bytes = 0;
            while (!queue.isEmpty()
                    && (batch.isEmpty() || bytes + queue.peek().payload().length <= config.maxBatchBytes())) {
                PendingAppend next = queue.poll();
                batch.add(next);
                bytes += next.payload().length;
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void write(List<PendingAppend> batch) throws IOException {
        long[] sequences = new long[batch.size()];
        Set<ChannelWriter> touched = new LinkedHashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            PendingAppend append = batch.get(i);
            ChannelWriter writer = writers.computeIfAbsent(
                    append.channel(), channel -> new ChannelWriter(channel, config.segmentBytes()));
            sequences[i] = writer.append(append.payload());
            touched.add(writer);
        }
        List<DurableMark> marks = new ArrayList<>(touched.size());
        for (ChannelWriter writer : touched) {
            marks.add(writer.force());
        }
        entriesWritten += batch.size();
        groupCommits++;
        filesForced += touched.size();
        int index = 0;
        for (ChannelWriter writer : touched) {
            writer.channel().publish(marks.get(index++));
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).future().complete(SequencePositions.of(sequences[i]));
        }
    }

    private static void fail(List<PendingAppend> batch, QuiverException failure) {
        for (PendingAppend append : batch) {
            append.future().completeExceptionally(failure);
        }
    }
}
