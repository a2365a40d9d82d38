package io.quiver.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class PutSourceTest {
    @Test
    void readsNoMoreThanTheDeclaredLength() throws IOException {
        ByteArrayInputStream data = new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5, 6});
        PutSource source = new PutSource(data, 4, Long.MAX_VALUE);

        assertThat(source.readAllBytes()).containsExactly(1, 2, 3, 4);
        assertThat(source.read()).isEqualTo(-1);
        assertThat(data.available()).as("bytes left for the caller").isEqualTo(2);
        assertThat(source.failure("k", 5L << 20)).isNull();
    }

    @Test
    void streamEndingEarlyIsTheCallersFault() throws IOException {
        PutSource source = new PutSource(new ByteArrayInputStream(new byte[] {1, 2}), 10, Long.MAX_VALUE);

        assertThat(source.readAllBytes()).containsExactly(1, 2);

        assertThat(source.failure("short", 5L << 20))
                .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("object 'short': the stream ended after 2 of its declared 10 bytes");
    }

    @Test
    void unknownLengthMayReachButNotPassTheLimit() throws IOException {
        PutSource exact = new PutSource(new ByteArrayInputStream(new byte[8]), -1, 8);
        assertThat(exact.readAllBytes()).hasSize(8);
        assertThat(exact.failure("exact", 5L << 20)).isNull();

        PutSource over = new PutSource(new ByteArrayInputStream(new byte[9]), -1, 8);
        assertThatThrownBy(over::readAllBytes).isInstanceOf(IOException.class);
        assertThat(over.failure("big", 5L << 20))
                .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("object 'big' of unknown length exceeds 8 bytes, the most 10000 parts of 5242880 bytes"
                        + " hold; declare its length or raise the part size");
    }

    @Test
    void failingStreamIsReportedAsUnavailableNamingTheKey() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };
        PutSource source = new PutSource(broken, -1, Long.MAX_VALUE);

        assertThatThrownBy(source::read).isInstanceOf(IOException.class);
        assertThat(source.failure("seg/1", 5L << 20))
                .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessage("cannot read the data of object 'seg/1' after 0 bytes: disk gone");
    }
}
