package io.quiver.wal.pulsar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.wal.LogPosition;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the Pulsar log does without a broker; {@code PulsarWriteAheadLogIT} runs the contract against one. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PulsarWriteAheadLogTest {
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(1);

    private PulsarWriteAheadLog log;
    private String serviceUrl;

    @BeforeEach
    void openLogOnAPortNobodyListensOn() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        serviceUrl = "pulsar://127.0.0.1:" + port;
        log = PulsarWriteAheadLog.open(PulsarWalConfig.defaults()
                .withServiceUrl(serviceUrl)
                .withSendTimeout(SEND_TIMEOUT)
                .withMaxEntryBytes(1000));
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void appendsFailRetriablyWithinTheTimeoutWhenNoBrokerAnswers() {
        long start = System.nanoTime();
        CompletableFuture<LogPosition> append = log.append("alpha", new byte[10]);

        Throwable failure = catchThrowable(() -> append.get(30, TimeUnit.SECONDS));

        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(failure)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(QuiverException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.code().retriable()).isTrue();
                })
                .hasMessageStartingWith(
                        "cannot append to channel 'alpha' (topic persistent://public/default/quiver-alpha)" + " on "
                                + serviceUrl)
                .hasMessageEndingWith("; retriable");
        assertThat(elapsed)
                .as("time to fail")
                .isLessThan(SEND_TIMEOUT.multipliedBy(4).plusSeconds(2));
    }

    @Test
    void readsFailRetriablyWhenNoBrokerAnswers() {
        assertThatThrownBy(() -> log.open("alpha", LogPosition.BEGINNING))
                .isInstanceOfSatisfying(QuiverException.class, hasCode(ErrorCode.UNAVAILABLE))
                .hasMessageStartingWith("cannot open a reader on channel 'alpha'");
        assertThatThrownBy(() -> log.lastPosition("alpha"))
                .isInstanceOfSatisfying(QuiverException.class, hasCode(ErrorCode.UNAVAILABLE))
                .hasMessageStartingWith("cannot read the last position of channel 'alpha'");
        assertThatThrownBy(() -> log.truncateBefore("alpha", MessageIdPositions.encode(3, 5, -1)))
                .isInstanceOfSatisfying(QuiverException.class, hasCode(ErrorCode.UNAVAILABLE))
                .hasMessageStartingWith("cannot truncate channel 'alpha'");
    }

    @Test
    void truncatingBeforeTheFirstEntryOfALedgerAsksNothingOfTheBroker() {
        log.truncateBefore("alpha", LogPosition.BEGINNING);
        log.truncateBefore("alpha", MessageIdPositions.encode(3, 0, 5));
    }

    @Test
    void rejectsInvalidChannelsOversizedEntriesAndForeignPositions() {
        for (String name : List.of("", ".", "..", "a/b", "a b", "é", "x".repeat(201))) {
            assertThatThrownBy(() -> log.append(name, new byte[1]))
                    .isInstanceOfSatisfying(QuiverException.class, hasCode(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("'" + name + "'");
            assertThatThrownBy(() -> log.open(name, LogPosition.BEGINNING)).isInstanceOf(QuiverException.class);
            assertThatThrownBy(() -> log.lastPosition(name)).isInstanceOf(QuiverException.class);
            assertThatThrownBy(() -> log.truncateBefore(name, LogPosition.BEGINNING))
                    .isInstanceOf(QuiverException.class);
        }
        assertThat(PulsarWriteAheadLog.isValidChannelName("Shard_0.v-1")).isTrue();
        assertThatThrownBy(() -> log.append("alpha", new byte[1001]))
                .isInstanceOfSatisfying(QuiverException.class, hasCode(ErrorCode.ARGUMENT_TOO_LARGE))
                .hasMessage("entry of 1001 bytes for channel 'alpha' exceeds the limit of 1000 bytes");
        LogPosition local = new LogPosition(new byte[] {0, 0, 0, 0, 0, 0, 0, 1});
        assertThatThrownBy(() -> log.open("alpha", local))
                .isInstanceOfSatisfying(QuiverException.class, hasCode(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("got 8 bytes");
        assertThatThrownBy(() -> log.truncateBefore("alpha", local))
                .isInstanceOfSatisfying(QuiverException.class, hasCode(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void everyCallFailsOnceClosed() {
        log.close();
        log.close();
        for (Runnable call : List.<Runnable>of(
                () -> log.append("alpha", new byte[1]),
                () -> log.open("alpha", LogPosition.BEGINNING),
                () -> log.lastPosition("alpha"),
                () -> log.truncateBefore("alpha", MessageIdPositions.encode(1, 1, -1)))) {
            assertThatThrownBy(call::run)
                    .isInstanceOfSatisfying(QuiverException.class, hasCode(ErrorCode.UNAVAILABLE))
                    .hasMessage("the Pulsar write-ahead log on " + serviceUrl + " is closed");
        }
    }

    private static Consumer<QuiverException> hasCode(ErrorCode code) {
        return e -> assertThat(e.code()).isEqualTo(code);
    }
}
