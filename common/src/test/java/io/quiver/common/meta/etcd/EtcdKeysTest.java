package io.quiver.common.meta.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.ByteSequence;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import org.junit.jupiter.api.Test;

class EtcdKeysTest {
    private final EtcdKeys keys = new EtcdKeys("ns/");

    @Test
    void keysLiveUnderTheNamespace() {
        assertThat(keys.key("a/b").toString(UTF_8)).isEqualTo("ns/a/b");
        assertThat(keys.callerKey(ByteSequence.from("ns/a/b", UTF_8))).isEqualTo("a/b");
        assertThat(keys.callerKey(ByteSequence.from("ns/", UTF_8))).isEmpty();
    }

    @Test
    void aKeyOutsideTheNamespaceIsAnInternalError() {
        assertThatThrownBy(() -> keys.callerKey(ByteSequence.from("nt/a", UTF_8)))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessage("etcd returned key 'nt/a' outside the namespace 'ns/'");
        assertThatThrownBy(() -> keys.callerKey(ByteSequence.from("ns", UTF_8))).isInstanceOf(QuiverException.class);
    }

    @Test
    void prefixEndIsTheFirstKeyAfterEveryKeyWithThePrefix() {
        assertThat(keys.prefixEnd("a/").getBytes()).isEqualTo("ns/a0".getBytes(UTF_8));
        assertThat(keys.prefixEnd("").getBytes()).isEqualTo("ns0".getBytes(UTF_8));
    }

    @Test
    void prefixEndSkipsTrailingMaximalBytes() {
        EtcdKeys raw = new EtcdKeys("");

        // U+FFFF is EF BF BF in UTF-8: the last byte is not 0xff, so it is incremented
        assertThat(raw.prefixEnd("a\uffff").getBytes()).containsExactly('a', 0xef, 0xbf, 0xc0);
        assertThat(new EtcdKeys("").prefixEnd("").getBytes()).containsExactly(0);
    }

    @Test
    void successorAppendsAZeroByte() {
        assertThat(EtcdKeys.successor(ByteSequence.from("ns/a", UTF_8)).getBytes())
                .containsExactly('n', 's', '/', 'a', 0);
    }
}
