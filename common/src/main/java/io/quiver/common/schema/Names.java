package io.quiver.common.schema;

import java.util.regex.Pattern;

/** The naming rule for collections, partitions, fields, indexes and aliases (as Milvus'). */
public final class Names {
    public static final int MAX_LENGTH = 255;
    public static final String RULE =
            "it must start with a letter or '_', contain only letters, digits and '_', and be at most " + MAX_LENGTH
                    + " characters";
    private static final Pattern VALID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Names() {}

    public static boolean isValid(String name) {
        return name != null
                && name.length() <= MAX_LENGTH
                && VALID.matcher(name).matches();
    }
}
