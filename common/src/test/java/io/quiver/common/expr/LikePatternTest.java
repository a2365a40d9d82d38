package io.quiver.common.expr;

import static io.quiver.common.expr.FilterFixtures.matching;
import static io.quiver.common.expr.FilterFixtures.scalar;
import static io.quiver.common.expr.FilterFixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.StringColumn;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LikePatternTest {
    private static final CollectionSchema SCHEMA = new CollectionSchema(
            "texts",
            "",
            List.of(
                    new FieldSchema(100, "id", DataType.INT64, true, false, 0, 0, ""),
                    scalar(101, "s", DataType.VARCHAR),
                    vector(102)));

    private static final String[] VALUES = {"100%", "1000", "a_b", "axb", "a\\xyz", "a%", "abc", "", "%", "_"};

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("s like \"100\\%\"", List.of(0)),
                Arguments.of("s like \"100%\"", List.of(0, 1)),
                Arguments.of("s like \"a\\_b\"", List.of(2)),
                Arguments.of("s like \"a_b\"", List.of(2, 3)),
                // an escaped backslash followed by a wildcard: values starting with a\
                Arguments.of("s like \"a\\\\%\"", List.of(4)),
                // a % written as a \\u escape is a literal %
                Arguments.of("s like \"\\u0025\"", List.of(8)),
                Arguments.of("s like \"%\\%\"", List.of(0, 5, 8)),
                Arguments.of("s like '\\_'", List.of(9)),
                Arguments.of("s like \"%\"", List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)),
                Arguments.of("s like \"%%\"", List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)),
                Arguments.of("s like \"_\"", List.of(8, 9)),
                Arguments.of("s like \"a%b%c\"", List.of(6)),
                Arguments.of("s like \"%0_\"", List.of(0, 1)),
                Arguments.of("s == \"100\\%\"", List.of(0)));
    }

    @ParameterizedTest
    @MethodSource("filters")
    void matchesWildcardsAndEscapesInFilters(String filter, List<Integer> expected) {
        ColumnBatch batch = new ColumnBatch(VALUES.length, Map.of("s", new StringColumn(VALUES)));
        assertThat(matching(FilterParser.parse(filter, SCHEMA), batch))
                .as(filter)
                .isEqualTo(expected);
    }

    @Test
    void matchesPrefixSuffixInfixAndExactPatterns() {
        assertThat(LikePattern.compile("abc%").matches("abcdef")).isTrue();
        assertThat(LikePattern.compile("abc%").matches("abc")).isTrue();
        assertThat(LikePattern.compile("abc%").matches("ab")).isFalse();
        assertThat(LikePattern.compile("%abc").matches("xxabc")).isTrue();
        assertThat(LikePattern.compile("%abc").matches("abcx")).isFalse();
        assertThat(LikePattern.compile("%abc%").matches("xabcx")).isTrue();
        assertThat(LikePattern.compile("%abc%").matches("xabx")).isFalse();
        assertThat(LikePattern.compile("abc").matches("abc")).isTrue();
        assertThat(LikePattern.compile("abc").matches("abcd")).isFalse();
        assertThat(LikePattern.compile("").matches("")).isTrue();
        assertThat(LikePattern.compile("").matches("a")).isFalse();
        assertThat(LikePattern.compile("%").matches("")).isTrue();
    }

    @Test
    void matchesOneCodePointPerUnderscore() {
        LikePattern pattern = LikePattern.compile("a_c");
        assertThat(pattern.matches("abc")).isTrue();
        assertThat(pattern.matches("a😀c")).isTrue();
        assertThat(pattern.matches("ac")).isFalse();
        assertThat(pattern.matches("abbc")).isFalse();
        assertThat(LikePattern.compile("_").matches("😀")).isTrue();
        assertThat(LikePattern.compile("_").matches("😀😀")).isFalse();
        assertThat(LikePattern.compile("%😀_").matches("x😀日")).isTrue();
        assertThat(LikePattern.compile("a%").matches("a\nb")).isTrue();
    }

    @Test
    void treatsEscapedCharactersLiterally() {
        assertThat(LikePattern.compile("\\%").matches("%")).isTrue();
        assertThat(LikePattern.compile("\\%").matches("x")).isFalse();
        assertThat(LikePattern.compile("a\\_%").matches("a_bc")).isTrue();
        assertThat(LikePattern.compile("a\\_%").matches("abc")).isFalse();
        assertThat(LikePattern.compile("a\\\\%").matches("a\\b")).isTrue();
        assertThat(LikePattern.compile("abc\\").matches("abc\\")).isTrue();
    }

    @Test
    void takesPolynomialTimeOnPathologicalPatterns() {
        LikePattern pattern = LikePattern.compile("%a%a%a%a%a%a%a%a%a%a%b");
        String value = "a".repeat(20_000);
        long start = System.nanoTime();
        assertThat(pattern.matches(value)).isFalse();
        assertThat(pattern.matches(value + "b")).isTrue();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
    }

    @Test
    void agreesWithARegexOnRandomPatterns() {
        long seed = Long.getLong("quiver.test.seed", System.nanoTime());
        System.out.println("seed=" + seed);
        Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            String pattern = randomText(random, "ab%_\\😀", 6);
            String value = randomText(random, "ab%_😀", 8);
            assertThat(LikePattern.compile(pattern).matches(value))
                    .as("pattern %s value %s (seed %d)", pattern, value, seed)
                    .isEqualTo(regexOf(pattern).matcher(value).matches());
        }
    }

    private static String randomText(Random random, String alphabet, int maxLength) {
        int[] codePoints = alphabet.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            out.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return out.toString();
    }

    /** The reference: the same pattern as a regular expression. */
    static Pattern regexOf(String like) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < like.length(); ) {
            int c = like.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\\' && i < like.length()) {
                int escaped = like.codePointAt(i);
                i += Character.charCount(escaped);
                regex.append(Pattern.quote(new String(Character.toChars(escaped))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(new String(Character.toChars(c))));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
