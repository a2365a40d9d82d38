package io.quiver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.InsertReq;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While one client inserts (and flushes now and then), another reads at Strong: every read counts at
 * least every row acknowledged before the read began, and never more than were sent.
 */
class StrongReadTest {
    static final long SEED = Long.getLong("quiver.test.seed", 31L);

    @TempDir
    Path dataDirectory;

    @Test
    void strongReadsSeeEveryAcknowledgedWrite() throws Exception {
        System.out.println("StrongReadTest seed=" + SEED);
        try (QuiverStandalone quiver = new QuiverStandalone(dataDirectory).start()) {
            MilvusClientV2 writer = quiver.client();
            Rows.createCollection(writer, "strong", 2, 64);
            writer.loadCollection(
                    LoadCollectionReq.builder().collectionName("strong").build());
            MilvusClientV2 reader = QuiverStandalone.connect(quiver.port());
            AtomicLong acknowledged = new AtomicLong();
            AtomicLong sent = new AtomicLong();
            Thread writes = new Thread(() -> {
                Random random = new Random(SEED);
                for (int batch = 0; batch < 40; batch++) {
                    sent.addAndGet(50);
                    writer.insert(InsertReq.builder()
                            .collectionName("strong")
                            .data(Rows.rows(batch * 50L, 50, random, new ArrayList<>()))
                            .build());
                    acknowledged.addAndGet(50);
                    if (batch % 10 == 9) {
                        writer.flush(FlushReq.builder()
                                .collectionNames(List.of("strong"))
                                .build());
                    }
                }
            });
            writes.start();
            int reads = 0;
            while (writes.isAlive() || reads < 5) {
                long before = acknowledged.get();
                long count = Rows.count(reader, "strong");
                long after = sent.get();
                assertThat(count).as("read %d", reads).isBetween(before, after);
                reads++;
            }
            writes.join();
            System.out.println("StrongReadTest: " + reads + " Strong reads while writing");
            assertThat(reads).isGreaterThan(5);
            reader.close();
        }
    }
}
