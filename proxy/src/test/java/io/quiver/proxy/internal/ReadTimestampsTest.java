package io.quiver.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.Timestamps;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.ConsistencyLevel;
import io.quiver.coordinator.TimestampOracle;
import org.junit.jupiter.api.Test;

class ReadTimestampsTest {
    private static final long NOW_MS = 1_700_000_000_000L;

    /** Hands out NOW_MS with logical 1, 2, 3, ... and counts calls. */
    private static final class FakeOracle implements TimestampOracle {
        int calls;

        @Override
        public long allocate() {
            return Timestamps.compose(NOW_MS, ++calls);
        }
    }

    private final FakeOracle tso = new FakeOracle();
    private final CollectionInfo bounded = ProxyFixtures.collection(ProxyFixtures.SCHEMA, ConsistencyLevel.BOUNDED);
    private final CollectionInfo strong = ProxyFixtures.collection(ProxyFixtures.SCHEMA, ConsistencyLevel.STRONG);

    private ReadTimestamps read(CollectionInfo collection, boolean useDefault, int level, long guarantee, long travel) {
        return ReadTimestamps.of(collection, useDefault, level, guarantee, travel, tso);
    }

    @Test
    void strongWaitsForAndReadsAtAFreshTimestamp() {
        ReadTimestamps ts = read(bounded, false, 0, 0, 0);

        assertThat(ts).isEqualTo(ReadTimestamps.strong(Timestamps.compose(NOW_MS, 1)));
        assertThat(tso.calls).isEqualTo(1);
    }

    @Test
    void boundedWaitsForFiveSecondsAgoAndReadsAtTheServiceTime() {
        ReadTimestamps ts = read(strong, false, 2, 2, 0);

        assertThat(ts).isEqualTo(new ReadTimestamps(Timestamps.compose(NOW_MS - 5_000, 0), 0));
    }

    @Test
    void boundedNearTheEpochDoesNotGoNegative() {
        TimestampOracle early = () -> Timestamps.compose(1_000, 3);

        assertThat(ReadTimestamps.of(strong, false, 2, 0, 0, early)).isEqualTo(new ReadTimestamps(0, 0));
    }

    @Test
    void sessionWaitsForTheCallersLastWrite() {
        long lastWrite = Timestamps.compose(NOW_MS - 10, 5);

        assertThat(read(strong, false, 1, lastWrite, 0)).isEqualTo(new ReadTimestamps(lastWrite, 0, true));
        assertThat(read(strong, false, 4, lastWrite, 0))
                .as("customized is read as session")
                .isEqualTo(new ReadTimestamps(lastWrite, 0, true));
        assertThat(tso.calls).isZero();
    }

    @Test
    void sessionWithoutAWriteDoesNotWait() {
        for (long marker : new long[] {0, 1, 2}) {
            assertThat(read(strong, false, 1, marker, 0))
                    .as("guarantee %d", marker)
                    .isEqualTo(new ReadTimestamps(0, 0));
        }
    }

    @Test
    void eventuallyNeitherWaitsNorAsksTheOracle() {
        assertThat(read(strong, false, 3, 1, 0)).isEqualTo(new ReadTimestamps(0, 0));
        assertThat(tso.calls).isZero();
    }

    @Test
    void useDefaultTakesTheCollectionsLevelWhateverTheRequestSays() {
        assertThat(read(bounded, true, 0, 0, 0))
                .isEqualTo(new ReadTimestamps(Timestamps.compose(NOW_MS - 5_000, 0), 0));
        long fresh = Timestamps.compose(NOW_MS, 2);
        assertThat(read(strong, true, 3, 1, 0)).isEqualTo(ReadTimestamps.strong(fresh));
        CollectionInfo session = ProxyFixtures.collection(ProxyFixtures.SCHEMA, ConsistencyLevel.SESSION);
        assertThat(read(session, true, 0, 12_345_678, 0)).isEqualTo(new ReadTimestamps(12_345_678, 0, true));
        CollectionInfo eventually = ProxyFixtures.collection(ProxyFixtures.SCHEMA, ConsistencyLevel.EVENTUALLY);
        assertThat(read(eventually, true, 0, 0, 0)).isEqualTo(new ReadTimestamps(0, 0));
    }

    @Test
    void travelTimestampWinsOverTheLevel() {
        long travel = Timestamps.compose(NOW_MS - 60_000, 0);

        assertThat(read(strong, true, 0, 0, travel)).isEqualTo(new ReadTimestamps(travel, travel));
        assertThat(read(bounded, false, 3, 1, travel)).isEqualTo(new ReadTimestamps(travel, travel));
        assertThat(tso.calls).isZero();
    }

    @Test
    void unknownLevelIsRejected() {
        assertThatThrownBy(() -> read(strong, false, 7, 0, 0))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("consistency level 7 is not known")
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
}
