package io.quiver.proxy.internal;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;

/** Milvus filter templates ({@code id in {ids}} with expr_template_values) are not supported yet. */
final class FilterTemplates {
    private FilterTemplates() {}

    static void rejectIfPresent(int templateValues) {
        if (templateValues > 0) {
            throw new QuiverException(
                    ErrorCode.UNIMPLEMENTED,
                    "filter templates (expr_template_values) are not supported yet; write the values into the filter");
        }
    }
}
