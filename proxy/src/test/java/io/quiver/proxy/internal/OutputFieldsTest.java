package io.quiver.proxy.internal;

import static io.quiver.proxy.internal.ProxyFixtures.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputFieldsTest {

    @Test
    void namesAreTrimmedAndDeduplicatedInRequestOrder() {
        assertThat(OutputFields.resolve(List.of(" vec", "tag ", "vec", ""), SCHEMA))
                .containsExactly("vec", "tag");
    }

    @Test
    void starMeansEveryFieldAndTheDynamicFieldIsSkipped() {
        assertThat(OutputFields.resolve(List.of("tag", "*", "$meta"), SCHEMA)).containsExactly("tag", "id", "vec");
        assertThat(OutputFields.resolve(List.of(), SCHEMA)).isEmpty();
    }

    @Test
    void unknownFieldIsRejected() {
        assertThatThrownBy(() -> OutputFields.resolve(List.of("tag", "color"), SCHEMA))
                .isInstanceOf(QuiverException.class)
                .hasMessage("output field 'color' does not exist in collection 'docs'")
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
}
