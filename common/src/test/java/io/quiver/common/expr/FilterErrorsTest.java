package io.quiver.common.expr;

import static io.quiver.common.expr.FilterFixtures.DOCS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a filter can be wrong, and the message that says what, which and where. */
class FilterErrorsTest {

    static Stream<Arguments> errors() {
        return Stream.of(
                // type errors name the field, its type, the value and where the value is
                error("age > \"abc\"", "cannot compare field 'age' (Int32) with string \"abc\" at position 6"),
                error("'abc' < age", "cannot compare field 'age' (Int32) with string 'abc' at position 0"),
                error("name > 3", "cannot compare field 'name' (VarChar) with integer 3 at position 7"),
                error("name == -2.5", "cannot compare field 'name' (VarChar) with number -2.5 at position 8"),
                error("price == true", "cannot compare field 'price' (Double) with boolean true at position 9"),
                error("is_active == 1", "cannot compare field 'is_active' (Bool) with integer 1 at position 13"),
                error("id in [1, \"x\"]", "cannot compare field 'id' (Int64) with string \"x\" at position 10"),
                error("1 < tiny < 'z'", "cannot compare field 'tiny' (Int8) with string 'z' at position 11"),
                error(
                        "is_active < true",
                        "operator '<' cannot be applied to field 'is_active' (Bool); use == or != at" + " position 10"),
                error("false < is_active < true", "operator '<' cannot be applied to field 'is_active' (Bool)"),
                error("age like \"a%\"", "like needs a VarChar field, but field 'age' is Int32 at position 0"),
                error("name like 3", "like needs a string pattern but found '3' at position 10"),
                error("age", "field 'age' (Int32) is not a Bool field, so it cannot be a condition by itself"),
                error("age and is_active", "field 'age' (Int32) is not a Bool field"),
                error("5", "integer 5 cannot be a condition by itself at position 0"),
                error("'x' or true", "string 'x' cannot be a condition by itself at position 0"),
                // fields
                error("agee > 3", "field 'agee' does not exist in collection 'docs' at position 0 in filter: agee > 3"),
                error("age > 3 and Name == 'x'", "field 'Name' does not exist in collection 'docs' at position 12"),
                error(
                        "embedding > 3",
                        "field 'embedding' is a FloatVector field; vector fields cannot be used in a"
                                + " filter at position 0"),
                error("embedding in [1]", "field 'embedding' is a FloatVector field"),
                error("age == name", "comparing two fields ('age' and 'name') is not supported"),
                error("1 == 2", "a comparison needs a field on one side, but both sides are values at position 0"),
                // structure
                error("", "filter is empty at position 0"),
                error("   \n ", "filter is empty at position 0"),
                error(">", "expected a condition (a field, a value, 'not' or '(') but found '>' at position 0"),
                error("and", "expected a condition (a field, a value, 'not' or '(') but found 'and' at position 0"),
                error("age >", "expected a field or a value but found the end of the filter at position 5"),
                error("age > > 3", "expected a field or a value but found '>' at position 6"),
                error(
                        "age > 3 and",
                        "expected a condition (a field, a value, 'not' or '(') but found the end of the"
                                + " filter at position 11"),
                error("age > 3 or or age < 1", "but found 'or' at position 11"),
                error("not", "but found the end of the filter at position 3"),
                error(
                        "(age > 3",
                        "expected ')' to close the '(' at position 0 but found the end of the filter at"
                                + " position 8"),
                error("((age > 3) or (age < 1)", "expected ')' to close the '(' at position 0"),
                error("age > 3)", "')' has no matching '(' at position 7"),
                error("()", "expected a condition (a field, a value, 'not' or '(') but found ')' at position 1"),
                error("age > 3 age", "unexpected 'age' after a complete condition at position 8"),
                error("is_active 3", "unexpected '3' after a complete condition at position 10"),
                error("age > 3 'x'", "unexpected string 'x' after a complete condition at position 8"),
                error("age not like 'x'", "expected 'in' after 'not' but found 'like' at position 8"),
                error("age in 3", "expected '[' to start the list after 'in' but found '3' at position 7"),
                error(
                        "age in [1 2]",
                        "expected ',' or ']' in the list opened at position 7 but found '2' at" + " position 10"),
                error(
                        "age in [1, 2",
                        "expected ',' or ']' in the list opened at position 7 but found the end of the" + " filter"),
                error("age in [,]", "expected a field or a value but found ',' at position 8"),
                error("age in [1, age]", "an in list may only hold values, but found field 'age' at position 11"),
                error("age > -x", "expected a number after '-' but found 'x' at position 7"),
                error("age > -'1'", "expected a number after '-' but found string '1' at position 7"),
                // range chains
                error(
                        "1 < age > 5",
                        "a range needs '<' or '<=' on both sides, or '>' or '>=' on both sides, but found"
                                + " '<' and '>' at position 8"),
                error("1 == age == 1", "a range needs '<' or '<=' on both sides"),
                error(
                        "age > 3 < 5",
                        "unexpected '<': only a field can stand between two comparisons, as in"
                                + " 1 < age < 5 at position 8"),
                error(
                        "age < label < 5",
                        "a range compares one field with two values, but found field 'age' at its"
                                + " end at position 0"),
                error("1 < age < 5 < 6", "unexpected '<' after a complete condition at position 12"),
                // tokens
                error("age = 3", "'=' is not an operator; use '==' to test equality at position 4"),
                error("age > 3 & age < 5", "'&' is not an operator; use '&&' or 'and' at position 8"),
                error("age > 3 | age < 5", "'|' is not an operator; use '||' or 'or' at position 8"),
                error("age # 3", "unexpected character '#' at position 4"),
                error("age > 3 € 1", "unexpected character '€' (U+20AC) at position 8"),
                error("age > 12abc", "malformed number '12abc' at position 6"),
                error("age > 1.2.3", "malformed number '1.2.3' at position 6"),
                error("age > 1e", "malformed number '1e': its exponent has no digits at position 6"),
                error(
                        "age > 1e10001",
                        "the exponent of number '1e10001' is out of range; its magnitude may be at"
                                + " most 10000 at position 6"),
                error(
                        "age == 010",
                        "integer '010' has a leading zero; octal literals are not supported at" + " position 7"),
                error("name == \"abc", "string is not terminated; it needs a closing \" at position 8"),
                error("name == 'abc\"", "string is not terminated; it needs a closing ' at position 8"),
                error("name == 'abc\\", "string is not terminated; it ends in a backslash at position 8"),
                error("name == \"a\\qb\"", "unknown escape '\\q' in string; the escapes are"),
                error("name == \"a\\u12xy\"", "escape '\\u12xy' needs four hex digits at position 10"),
                error("name == \"a\\u12", "escape '\\u' needs four hex digits at position 10"),
                error("age + 1 > 3", "arithmetic ('+') is not supported in filters at position 4"),
                error("age > 3 - 1", "arithmetic ('-') is not supported in filters at position 8"),
                error("1 < age < 3 + 1", "arithmetic ('+') is not supported in filters at position 12"),
                error("age * 2 > 3", "arithmetic ('*') is not supported in filters at position 4"),
                error("json_contains(tags, 1)", "function 'json_contains' is not supported in filters at position 0"),
                error("And > 3", "field 'And' does not exist in collection 'docs' at position 0"));
    }

    private static Arguments error(String filter, String message) {
        return Arguments.of(filter, message);
    }

    @ParameterizedTest
    @MethodSource("errors")
    void rejectsWithAMessageThatNamesTheProblemAndPosition(String filter, String message) {
        QuiverException error = catchThrowableOfType(QuiverException.class, () -> FilterParser.parse(filter, DOCS));
        assertThat(error).as(filter).isNotNull();
        assertThat(error.code()).isEqualTo(ErrorCode.MALFORMED_FILTER);
        assertThat(error.getMessage()).contains(message);
        if (error.getMessage().contains(" at position ")) {
            assertThat(error.getMessage()).endsWith(" in filter: " + filter);
        }
    }

    @Test
    void quotesTheWholeExampleMessage() {
        assertThatThrownBy(() -> FilterParser.parse("age > \"abc\"", DOCS))
                .hasMessage("cannot compare field 'age' (Int32) with string \"abc\" at position 6 in filter:"
                        + " age > \"abc\"");
    }

    @Test
    void rejectsNestingDeeperThanTheLimit() {
        int depth = FilterParser.MAX_DEPTH + 1;
        assertThatThrownBy(() -> FilterParser.parse("(".repeat(depth) + "age > 1" + ")".repeat(depth), DOCS))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining(
                        "nesting of parentheses and 'not' is deeper than the limit of 256 at position 256");
        assertThatThrownBy(() -> FilterParser.parse("not ".repeat(10_000) + "is_active", DOCS))
                .hasMessageContaining("deeper than the limit of 256 at position 1024");
    }

    @Test
    void rejectsFiltersLongerThanTheLimit() {
        String filter = "name == \"" + "a".repeat(70_000) + "\"";
        assertThatThrownBy(() -> FilterParser.parse(filter, DOCS))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_FILTER))
                .hasMessage("filter is 70010 bytes long (UTF-8); the limit is 65536 bytes (64 KiB)");
        // the limit counts UTF-8 bytes: 30,000 three-byte characters are 90,000 bytes
        String wide = "name == \"" + "€".repeat(30_000) + "\"";
        assertThatThrownBy(() -> FilterParser.parse(wide, DOCS)).hasMessageStartingWith("filter is 90010 bytes long");
    }

    @Test
    void showsAWindowOfLongFilters() {
        String filter = "label in [" + "1, ".repeat(1000) + "'x']";
        assertThatThrownBy(() -> FilterParser.parse(filter, DOCS))
                .hasMessageContaining("cannot compare field 'label' (Int64) with string 'x' at position 3010")
                .hasMessageEndingWith("1, 1, 'x']")
                .hasMessageContaining(" in filter: ...");
    }
}
