package io.quiver.common.expr;

import static io.quiver.common.expr.FilterFixtures.DOCS;
import static io.quiver.common.expr.FilterFixtures.docsBatch;
import static io.quiver.common.expr.FilterFixtures.matching;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every construct of the grammar, checked by the rows of {@link FilterFixtures#docsBatch()} it selects. */
class FilterParserTest {
    private static final List<Integer> ALL = List.of(0, 1, 2, 3, 4, 5, 6, 7);

    static Stream<Arguments> comparisons() {
        return Stream.of(
                Arguments.of("age > 20", List.of(2, 3, 6, 7)),
                Arguments.of("age >= 20", List.of(1, 2, 3, 6, 7)),
                Arguments.of("age < 20", List.of(0, 4, 5)),
                Arguments.of("age <= 20", List.of(0, 1, 4, 5)),
                Arguments.of("age == 20", List.of(1)),
                Arguments.of("age != 20", List.of(0, 2, 3, 4, 5, 6, 7)),
                Arguments.of("20 < age", List.of(2, 3, 6, 7)),
                Arguments.of("20 >= age", List.of(0, 1, 4, 5)),
                Arguments.of("20 == age", List.of(1)),
                Arguments.of("age > -5", List.of(0, 1, 2, 3, 5, 6, 7)),
                Arguments.of("age>- 5", List.of(0, 1, 2, 3, 5, 6, 7)),
                Arguments.of("age == +10", List.of(0)),
                Arguments.of("  age\n>\t20  ", List.of(2, 3, 6, 7)),
                Arguments.of("id == 3", List.of(2)),
                Arguments.of("tiny < 0", List.of(4, 7)),
                Arguments.of("small >= 32767", List.of(6)),
                Arguments.of("age > 24.5", List.of(2, 3, 6, 7)),
                Arguments.of("age == 25.0", List.of(6)),
                Arguments.of("age == 25.5", List.of()),
                Arguments.of("age <= 2.5e1", List.of(0, 1, 4, 5, 6)),
                Arguments.of("score > 1", List.of(2, 3, 6)),
                Arguments.of("score == 2", List.of(3)),
                Arguments.of("price < 10.5", List.of(0, 1, 2, 4, 5, 7)),
                Arguments.of("price <= 1e1", List.of(0, 1, 2, 4, 5, 7)),
                Arguments.of("price > .5", List.of(0, 1, 2, 3, 6, 7)),
                Arguments.of("price > -2e3", ALL),
                Arguments.of("price >= 10.", List.of(2, 3, 6)),
                Arguments.of("name == \"al%ce\"", List.of(5)),
                Arguments.of("name == 'al%ce'", List.of(5)),
                Arguments.of("name != 'bob'", List.of(0, 2, 3, 4, 5, 6, 7)),
                Arguments.of("name == \"ålesund\"", List.of(6)),
                Arguments.of("name == \"\\u00e5lesund\"", List.of(6)),
                Arguments.of("name == \"\"", List.of(4)),
                Arguments.of("name > \"b\"", List.of(1, 2, 3, 6)),
                Arguments.of("name < 'B'", List.of(4)),
                Arguments.of("'bob' <= name", List.of(1, 2, 3, 6)));
    }

    static Stream<Arguments> ranges() {
        return Stream.of(
                Arguments.of("10 < age < 35", List.of(1, 2, 6)),
                Arguments.of("10 <= age <= 35", List.of(0, 1, 2, 6, 7)),
                Arguments.of("10 <= age < 35", List.of(0, 1, 2, 6)),
                Arguments.of("35 > age >= 10", List.of(0, 1, 2, 6)),
                Arguments.of("40 >= age > 25", List.of(2, 3, 7)),
                Arguments.of("-1 < age < 1", List.of(5)),
                Arguments.of("35 < age < 10", List.of()),
                Arguments.of("1.5 <= price < 10.5", List.of(0, 1, 2, 7)),
                Arguments.of("0 < score <= 1", List.of(0, 1, 7)),
                Arguments.of("\"a\" < name < \"b\"", List.of(0, 5)),
                Arguments.of("(10 < age < 35) and is_active", List.of(2, 6)));
    }

    static Stream<Arguments> lists() {
        return Stream.of(
                Arguments.of("label in [1, 3, 5]", List.of(0, 2, 4)),
                Arguments.of("label IN [1,3,5]", List.of(0, 2, 4)),
                Arguments.of("label not in [1, 3, 5]", List.of(1, 3, 5, 6, 7)),
                Arguments.of("label NOT IN [1, 3, 5]", List.of(1, 3, 5, 6, 7)),
                Arguments.of("label in []", List.of()),
                Arguments.of("label not in []", ALL),
                Arguments.of("label in [2,]", List.of(1)),
                Arguments.of("label in [2, 2, 2.0, 2.5, 1e30, -9223372036854775809]", List.of(1)),
                Arguments.of("label in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]", ALL),
                Arguments.of("label in [-1, 8, 100, 7, 1000, 9, 10, 11, 12, 13]", List.of(6, 7)),
                Arguments.of("id in [1, 8]", List.of(0, 7)),
                Arguments.of("name in [\"bob\", 'carol']", List.of(1, 2)),
                Arguments.of("name not in [\"bob\", 'carol']", List.of(0, 3, 4, 5, 6, 7)),
                Arguments.of("price in [10, 10.5, 7]", List.of(2, 3)),
                Arguments.of("price in [-0.0]", List.of(5)),
                Arguments.of("score in [0.1, 3.25]", List.of(6, 7)),
                Arguments.of("is_active in [true]", List.of(0, 2, 4, 6)),
                Arguments.of("is_active in [false, true]", ALL),
                Arguments.of("is_active not in [True]", List.of(1, 3, 5, 7)));
    }

    static Stream<Arguments> likes() {
        return Stream.of(
                Arguments.of("name like \"al%\"", List.of(0, 5)),
                Arguments.of("name LIKE \"%e\"", List.of(0, 3, 5)),
                Arguments.of("name like \"al\\%%\"", List.of(5)),
                Arguments.of("name like \"_ob\"", List.of(1, 7)),
                Arguments.of("name like \"%\"", ALL),
                Arguments.of("name like \"%l%\"", List.of(0, 2, 5, 6)),
                Arguments.of("name like \"a%e\"", List.of(0, 5)),
                Arguments.of("name like 'å%'", List.of(6)),
                Arguments.of("name like ''", List.of(4)));
    }

    static Stream<Arguments> logic() {
        return Stream.of(
                Arguments.of("age > 20 and is_active", List.of(2, 6)),
                Arguments.of("age > 20 && is_active", List.of(2, 6)),
                Arguments.of("age > 20 AND is_active", List.of(2, 6)),
                Arguments.of("age > 30 or label == 1", List.of(0, 3, 7)),
                Arguments.of("age > 30 || label == 1", List.of(0, 3, 7)),
                Arguments.of("age > 30 OR label == 1", List.of(0, 3, 7)),
                Arguments.of("is_active", List.of(0, 2, 4, 6)),
                Arguments.of("not is_active", List.of(1, 3, 5, 7)),
                Arguments.of("NOT is_active", List.of(1, 3, 5, 7)),
                Arguments.of("!is_active", List.of(1, 3, 5, 7)),
                Arguments.of("not not is_active", List.of(0, 2, 4, 6)),
                Arguments.of("!(age > 20)", List.of(0, 1, 4, 5)),
                Arguments.of("is_active == true", List.of(0, 2, 4, 6)),
                Arguments.of("is_active == True", List.of(0, 2, 4, 6)),
                Arguments.of("is_active == TRUE", List.of(0, 2, 4, 6)),
                Arguments.of("is_active != true", List.of(1, 3, 5, 7)),
                Arguments.of("is_active == false", List.of(1, 3, 5, 7)),
                Arguments.of("False == is_active", List.of(1, 3, 5, 7)),
                Arguments.of("true", ALL),
                Arguments.of("false", List.of()),
                Arguments.of("FALSE", List.of()),
                Arguments.of("TRUE and age == 10", List.of(0)),
                Arguments.of("False or label == 8", List.of(7)),
                Arguments.of("((((age == 10))))", List.of(0)),
                Arguments.of("age > 0 and age < 30 and is_active and label != 1", List.of(6)),
                Arguments.of("label == 1 or label == 2 or label == 8", List.of(0, 1, 7)));
    }

    /** Each pair distinguishes the intended grouping from the other one. */
    static Stream<Arguments> precedence() {
        return Stream.of(
                Arguments.of("age > 5 or age < 0 and is_active", List.of(0, 1, 2, 3, 4, 6, 7)),
                Arguments.of("(age > 5 or age < 0) and is_active", List.of(0, 2, 4, 6)),
                Arguments.of("age < 0 and is_active or age > 5", List.of(0, 1, 2, 3, 4, 6, 7)),
                Arguments.of("is_active or age > 30 and label == 4", List.of(0, 2, 3, 4, 6)),
                Arguments.of("(is_active or age > 30) and label == 4", List.of(3)),
                Arguments.of("not is_active and age > 20", List.of(3, 7)),
                Arguments.of("not (is_active and age > 20)", List.of(0, 1, 3, 4, 5, 7)),
                Arguments.of("not is_active or age == 10", List.of(0, 1, 3, 5, 7)),
                Arguments.of("not (is_active or age == 20)", List.of(3, 5, 7)),
                Arguments.of("not age > 20", List.of(0, 1, 4, 5)),
                Arguments.of("not label in [1, 2] and is_active", List.of(2, 4, 6)));
    }

    @ParameterizedTest
    @MethodSource({"comparisons", "ranges", "lists", "likes", "logic", "precedence"})
    void selectsTheRowsTheFilterDescribes(String filter, List<Integer> expected) {
        assertThat(matching(filter)).as(filter).isEqualTo(expected);
    }

    @Test
    void evaluateClearsStaleBitsAndCanRepeat() {
        Filter filter = FilterParser.parse("age > 20", DOCS);
        BitSet out = new BitSet();
        out.set(0);
        out.set(100);
        filter.evaluate(docsBatch(), out);
        assertThat(FilterFixtures.rows(out)).containsExactly(2, 3, 6, 7);
        filter.evaluate(docsBatch(), out);
        assertThat(FilterFixtures.rows(out)).containsExactly(2, 3, 6, 7);
    }

    @Test
    void reportsTheFieldsItReads() {
        Filter filter = FilterParser.parse(
                "age > 3 and (name like \"a%\" or is_active) or not label in [1] or 1 < price < 2", DOCS);
        assertThat(filter.fields()).containsExactlyInAnyOrder("age", "name", "is_active", "label", "price");
        assertThat(FilterParser.parse("true", DOCS).fields()).isEmpty();
    }

    @Test
    void buildsTheExpectedTree() {
        Filter filter = FilterParser.parse("3 < age and not is_active or name like 'a%'", DOCS);
        assertThat(filter).isInstanceOf(Or.class);
        Or or = (Or) filter;
        assertThat(or.operands()).hasSize(2);
        And and = (And) or.operands().get(0);
        Compare compare = (Compare) and.operands().get(0);
        assertThat(compare.field()).isEqualTo("age");
        assertThat(compare.op()).isEqualTo(CompareOp.GT);
        assertThat(compare.value()).isEqualTo(Literal.of(3));
        assertThat(and.operands().get(1)).isEqualTo(new Not(new BoolField("is_active")));
        assertThat(((Like) or.operands().get(1)).pattern().pattern()).isEqualTo("a%");
    }

    @Test
    void parsesNestingUpToTheLimit() {
        int depth = FilterParser.MAX_DEPTH;
        String parens = "(".repeat(depth) + "age == 10" + ")".repeat(depth);
        assertThat(matching(parens)).containsExactly(0);
        String nots = "not ".repeat(depth) + "is_active";
        assertThat(matching(nots)).containsExactly(0, 2, 4, 6);
    }

    @Test
    void parsesLongFiltersUpToTheLimit() {
        StringBuilder filter = new StringBuilder("label in [1");
        while (filter.length() < FilterParser.MAX_LENGTH_BYTES - 20) {
            filter.append(", 100");
        }
        filter.append(", 3]");
        assertThat(filter.length()).isLessThanOrEqualTo(FilterParser.MAX_LENGTH_BYTES);
        assertThat(matching(filter.toString())).containsExactly(0, 2);
    }
}
