package io.scimlab.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FilterParserTest {
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:User";

    static AttributePath p(String name) {
        return AttributePath.of(name);
    }

    static AttributePath p(String name, String sub) {
        return AttributePath.of(name, sub);
    }

    static Comparison cmp(AttributePath path, CompareOp op, String text) {
        return Comparison.of(path, op, text);
    }

    static Present pr(String name) {
        return new Present(p(name));
    }

    /** Every filter example of RFC 7644 §3.4.2.2, with the tree each must give. */
    static Stream<Arguments> rfcExamples() {
        return Stream.of(
                Arguments.of("userName eq \"bjensen\"", cmp(p("userName"), CompareOp.EQ, "bjensen")),
                Arguments.of("name.familyName co \"O'Malley\"", cmp(p("name", "familyName"), CompareOp.CO, "O'Malley")),
                Arguments.of("userName sw \"J\"", cmp(p("userName"), CompareOp.SW, "J")),
                Arguments.of("urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"J\"",
                        cmp(new AttributePath(CORE, "userName", null), CompareOp.SW, "J")),
                Arguments.of("title pr", pr("title")),
                Arguments.of("meta.lastModified gt \"2011-05-13T04:42:34Z\"",
                        cmp(p("meta", "lastModified"), CompareOp.GT, "2011-05-13T04:42:34Z")),
                Arguments.of("meta.lastModified ge \"2011-05-13T04:42:34Z\"",
                        cmp(p("meta", "lastModified"), CompareOp.GE, "2011-05-13T04:42:34Z")),
                Arguments.of("meta.lastModified lt \"2011-05-13T04:42:34Z\"",
                        cmp(p("meta", "lastModified"), CompareOp.LT, "2011-05-13T04:42:34Z")),
                Arguments.of("meta.lastModified le \"2011-05-13T04:42:34Z\"",
                        cmp(p("meta", "lastModified"), CompareOp.LE, "2011-05-13T04:42:34Z")),
                Arguments.of("title pr and userType eq \"Employee\"",
                        And.of(pr("title"), cmp(p("userType"), CompareOp.EQ, "Employee"))),
                Arguments.of("title pr or userType eq \"Intern\"",
                        Or.of(pr("title"), cmp(p("userType"), CompareOp.EQ, "Intern"))),
                Arguments.of("schemas eq \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"",
                        cmp(p("schemas"), CompareOp.EQ, ENTERPRISE)),
                Arguments.of("userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")",
                        And.of(cmp(p("userType"), CompareOp.EQ, "Employee"),
                                Or.of(cmp(p("emails"), CompareOp.CO, "example.com"),
                                        cmp(p("emails", "value"), CompareOp.CO, "example.org")))),
                Arguments.of("userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")",
                        And.of(cmp(p("userType"), CompareOp.NE, "Employee"),
                                new Not(Or.of(cmp(p("emails"), CompareOp.CO, "example.com"),
                                        cmp(p("emails", "value"), CompareOp.CO, "example.org"))))),
                Arguments.of("userType eq \"Employee\" and (emails.type eq \"work\")",
                        And.of(cmp(p("userType"), CompareOp.EQ, "Employee"), cmp(p("emails", "type"), CompareOp.EQ, "work"))),
                Arguments.of("userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]",
                        And.of(cmp(p("userType"), CompareOp.EQ, "Employee"), new ValuePathFilter(p("emails"),
                                And.of(cmp(p("type"), CompareOp.EQ, "work"), cmp(p("value"), CompareOp.CO, "@example.com"))))),
                Arguments.of("emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]",
                        Or.of(new ValuePathFilter(p("emails"), And.of(cmp(p("type"), CompareOp.EQ, "work"),
                                        cmp(p("value"), CompareOp.CO, "@example.com"))),
                                new ValuePathFilter(p("ims"), And.of(cmp(p("type"), CompareOp.EQ, "xmpp"),
                                        cmp(p("value"), CompareOp.CO, "@foo.com"))))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("rfcExamples")
    void parsesEveryRfcExampleInBothModes(String text, Filter expected) {
        assertThat(Filter.parse(text)).isEqualTo(expected);
        assertThat(Filter.parse(text, FilterOptions.strictRfc())).isEqualTo(expected);
        assertThat(Filter.parse(expected.toString())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("rfcExamples")
    void printsRfcExamplesCanonically(String text, Filter expected) {
        // The RFC's own spelling is canonical, except redundant parentheses around a single term.
        assertThat(expected.toString()).isEqualTo(text.replace("(emails.type eq \"work\")", "emails.type eq \"work\""));
    }

    static Stream<Arguments> precedence() {
        return Stream.of(
                Arguments.of("a pr or b pr and c pr", Or.of(pr("a"), And.of(pr("b"), pr("c")))),
                Arguments.of("a pr and b pr or c pr", Or.of(And.of(pr("a"), pr("b")), pr("c"))),
                Arguments.of("(a pr or b pr) and c pr", And.of(Or.of(pr("a"), pr("b")), pr("c"))),
                Arguments.of("a pr and b pr and c pr", And.of(pr("a"), pr("b"), pr("c"))),
                Arguments.of("not pr and not eq 1 or and pr", Or.of(And.of(pr("not"), new Comparison(p("not"),
                        CompareOp.EQ, IntNode.valueOf(1))), pr("and"))),
                Arguments.of("(a pr and b pr) and c pr", And.of(And.of(pr("a"), pr("b")), pr("c"))),
                Arguments.of("a pr and (b pr and c pr)", And.of(pr("a"), And.of(pr("b"), pr("c")))),
                Arguments.of("a pr or b pr or c pr", Or.of(pr("a"), pr("b"), pr("c"))),
                Arguments.of("not (a pr) and b pr", And.of(new Not(pr("a")), pr("b"))),
                Arguments.of("not (a pr or b pr) or c pr", Or.of(new Not(Or.of(pr("a"), pr("b"))), pr("c"))),
                Arguments.of("((a pr))", pr("a")),
                Arguments.of("not (not (a pr))", new Not(new Not(pr("a")))),
                Arguments.of("NOT(a PR)AND(b Pr)", And.of(new Not(pr("a")), pr("b"))),
                Arguments.of("a pr and b pr or c pr and d pr",
                        Or.of(And.of(pr("a"), pr("b")), And.of(pr("c"), pr("d")))),
                Arguments.of("emails[not (type eq \"work\") or primary eq true]",
                        new ValuePathFilter(p("emails"), Or.of(new Not(cmp(p("type"), CompareOp.EQ, "work")),
                                new Comparison(p("primary"), CompareOp.EQ, BooleanNode.TRUE)))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("precedence")
    void honoursPrecedenceAndGrouping(String text, Filter expected) {
        Filter parsed = Filter.parse(text);
        assertThat(parsed).isEqualTo(expected);
        assertThat(Filter.parse(parsed.toString())).isEqualTo(expected);
    }

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of(ENTERPRISE + ":employeeNumber eq \"701984\"", new AttributePath(ENTERPRISE, "employeeNumber", null)),
                Arguments.of(ENTERPRISE + ":manager.value eq \"x\"", new AttributePath(ENTERPRISE, "manager", "value")),
                Arguments.of("URN:IETF:params:scim:schemas:extension:enterprise:2.0:User:Manager.Value eq \"x\"",
                        new AttributePath("URN:IETF:params:scim:schemas:extension:enterprise:2.0:User", "Manager", "Value")),
                Arguments.of("meta.lastModified eq \"x\"", p("meta", "lastModified")),
                Arguments.of("groups.$ref eq \"x\"", p("groups", "$ref")),
                Arguments.of("x-custom_attr1 eq \"x\"", p("x-custom_attr1")),
                Arguments.of("urn:example:custom-1.0:ns:attr.sub eq \"x\"", new AttributePath("urn:example:custom-1.0:ns", "attr", "sub")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("paths")
    void splitsPathsAtTheLastColon(String text, AttributePath expected) {
        assertThat(((Comparison) Filter.parse(text)).path()).isEqualTo(expected);
    }

    static Stream<Arguments> literals() {
        return Stream.of(
                Arguments.of("a eq true", BooleanNode.TRUE),
                Arguments.of("a eq false", BooleanNode.FALSE),
                Arguments.of("a eq null", NullNode.getInstance()),
                Arguments.of("a eq 42", IntNode.valueOf(42)),
                Arguments.of("a eq -7", IntNode.valueOf(-7)),
                Arguments.of("a eq 0", IntNode.valueOf(0)),
                Arguments.of("a eq 12345678901", com.fasterxml.jackson.databind.node.LongNode.valueOf(12345678901L)),
                Arguments.of("a eq 123456789012345678901234", BigIntegerNode.valueOf(new BigInteger("123456789012345678901234"))),
                Arguments.of("a eq -1.50", DecimalNode.valueOf(new BigDecimal("-1.50"))),
                Arguments.of("a eq 1e3", DecimalNode.valueOf(new BigDecimal("1e3"))),
                Arguments.of("a eq 2.5E-2", DecimalNode.valueOf(new BigDecimal("2.5E-2"))),
                Arguments.of("a eq \"\"", TextNode.valueOf("")),
                Arguments.of("a eq \"q\\\"b\\\\s\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\"",
                        TextNode.valueOf("q\"b\\s/\b\f\n\r\t\u00e9\uD83D\uDE00")),
                Arguments.of("a eq \"O'Malley (x) [y] and or\"", TextNode.valueOf("O'Malley (x) [y] and or")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("literals")
    void readsJsonLiterals(String text, Object expected) {
        Comparison c = (Comparison) Filter.parse(text, FilterOptions.strictRfc());
        assertThat(c.value()).isEqualTo(expected);
        assertThat(Filter.parse(c.toString())).isEqualTo(c);
    }

    /** The shapes identity providers send (docs/idp-behaviour.md). */
    static Stream<Arguments> clientShapes() {
        return Stream.of(
                Arguments.of("emails[type eq \"work\"].value eq \"x\"", new ValuePathFilter(p("emails"),
                        And.of(cmp(p("type"), CompareOp.EQ, "work"), cmp(p("value"), CompareOp.EQ, "x")))),
                Arguments.of("emails[type eq \"work\" and primary eq true].value eq \"x\"", new ValuePathFilter(p("emails"),
                        And.of(cmp(p("type"), CompareOp.EQ, "work"), new Comparison(p("primary"), CompareOp.EQ,
                                BooleanNode.TRUE), cmp(p("value"), CompareOp.EQ, "x")))),
                Arguments.of("externalId eq jyoung", cmp(p("externalId"), CompareOp.EQ, "jyoung")),
                Arguments.of("userName sw O", cmp(p("userName"), CompareOp.SW, "O")),
                Arguments.of("emails co example.com", cmp(p("emails"), CompareOp.CO, "example.com")),
                Arguments.of("DisplayName eq \"x\"", cmp(p("DisplayName"), CompareOp.EQ, "x")),
                Arguments.of("name.FamilyName eq Employee and (emails.Value co example.com or emails.Value co example.org)",
                        And.of(cmp(p("name", "FamilyName"), CompareOp.EQ, "Employee"),
                                Or.of(cmp(p("emails", "Value"), CompareOp.CO, "example.com"),
                                        cmp(p("emails", "Value"), CompareOp.CO, "example.org")))),
                Arguments.of("meta.Created gt \"2011-05-13T04:42:34Z\"",
                        cmp(p("meta", "Created"), CompareOp.GT, "2011-05-13T04:42:34Z")),
                Arguments.of("userName eq \"x@y\" ", cmp(p("userName"), CompareOp.EQ, "x@y")),
                Arguments.of("externalId eq 701984", new Comparison(p("externalId"), CompareOp.EQ, IntNode.valueOf(701984))),
                Arguments.of("externalId eq 0701984", cmp(p("externalId"), CompareOp.EQ, "0701984")),
                Arguments.of("active eq False", cmp(p("active"), CompareOp.EQ, "False")),
                Arguments.of("displayName eq \"Group 1\" and externalId eq abc-123",
                        And.of(cmp(p("displayName"), CompareOp.EQ, "Group 1"), cmp(p("externalId"), CompareOp.EQ, "abc-123"))),
                Arguments.of("  userName\teq\r\n\"x\"  ", cmp(p("userName"), CompareOp.EQ, "x")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("clientShapes")
    void acceptsClientShapesLeniently(String text, Filter expected) {
        Filter parsed = Filter.parse(text);
        assertThat(parsed).isEqualTo(expected);
        assertThat(Filter.parse(parsed.toString(), FilterOptions.strictRfc())).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"emails[type eq \"work\"].value eq \"x\"", "externalId eq jyoung", "userName sw O",
        "emails co example.com", "active eq False", "externalId eq 0701984"})
    void strictModeRejectsLenientShapes(String text) {
        assertThatThrownBy(() -> Filter.parse(text, FilterOptions.strictRfc()))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.scimType()).contains(ScimType.INVALID_FILTER);
                    assertThat(e.detail()).contains("lenient mode accepts");
                });
    }

    /** Invalid filters, the 1-based column of the error, and what the detail says was expected. */
    static Stream<Arguments> invalid() {
        String urnUser = "urn:ietf:params:scim:schemas:core:2.0:User";
        return Stream.of(
                Arguments.of("", 1, "an attribute path"),
                Arguments.of("   ", 4, "an attribute path"),
                Arguments.of("userName", 9, "a comparison operator"),
                Arguments.of("userName zz \"a\"", 10, "a comparison operator"),
                Arguments.of("userName eq", 12, "a value"),
                Arguments.of("userName eq ", 13, "a value"),
                Arguments.of("userName eq \"bjensen", 21, "a closing '\"'"),
                Arguments.of("userName eq \"a\" and", 20, "an attribute path"),
                Arguments.of("userName eq \"a\" or", 19, "an attribute path"),
                Arguments.of("(userName eq \"a\"", 17, "')'"),
                Arguments.of("userName eq \"a\")", 16, "no unmatched ')'"),
                Arguments.of("not userName eq \"a\"", 5, "'(' after 'not'"),
                Arguments.of("not (userName eq \"a\"", 21, "')'"),
                Arguments.of("not", 4, "'(' after 'not'"),
                Arguments.of("emails[type eq \"work\"", 22, "']'"),
                Arguments.of("emails[type eq \"work\" and emails[value pr]]", 33, "cannot contain another value filter"),
                Arguments.of("emails[type.x eq \"a\"]", 12, "sub-attribute names"),
                Arguments.of("emails[" + urnUser + ":type eq \"a\"]", 8, "paths inside a value filter are relative"),
                Arguments.of("name.givenName.x eq \"a\"", 15, "at most one sub-attribute"),
                Arguments.of("userName eq \"a\" and and", 24, "a comparison operator"),
                Arguments.of("userName eq \"a\" xor title pr", 17, "'and', 'or' or the end"),
                Arguments.of("userName eq \"\\q\"", 15, "a JSON escape"),
                Arguments.of("userName eq \"\\u12G4\"", 15, "four hexadecimal digits"),
                Arguments.of("1userName eq \"a\"", 1, "an attribute path"),
                Arguments.of(urnUser + ": eq \"a\"", 44, "an attribute name after the schema URN"),
                Arguments.of("urn:foo eq \"a\"", 5, "a schema URN followed by ':'"),
                Arguments.of(urnUser + "::userName eq \"a\"", 44, "a schema URN does not end with ':'"),
                Arguments.of("title pr and", 13, "an attribute path"),
                Arguments.of("()", 2, "an attribute path"),
                Arguments.of("(", 2, "an attribute path"),
                Arguments.of(")", 1, "an attribute path"),
                Arguments.of("[type eq \"x\"]", 1, "an attribute path"),
                Arguments.of("emails[]", 8, "an attribute path"),
                Arguments.of("emails.value[type eq \"work\"]", 1, "an attribute without sub-attribute before '['"),
                Arguments.of("userName eq \"a\" and (title pr or )", 34, "an attribute path"),
                Arguments.of("userName eq \"a\" and not(title pr", 33, "')'"),
                Arguments.of("userName  eq", 13, "a value"),
                Arguments.of("userName eq\"a\"x", 15, "'and', 'or' or the end"),
                Arguments.of("userName pr pr", 13, "'and', 'or' or the end"),
                Arguments.of("meta.lastModified gt", 21, "a value"),
                Arguments.of("userName = \"a\"", 10, "a comparison operator"),
                Arguments.of("userName eq \"a\" and 5", 21, "an attribute path"),
                Arguments.of("emails[type eq \"work\"]]", 23, "'and', 'or' or the end"),
                Arguments.of("userName eq \"a\" or or title pr", 23, "a comparison operator"),
                Arguments.of("ims[type eq \"xmpp\"].value", 26, "a comparison operator"),
                Arguments.of("userName\"a\" eq \"a\"", 9, "a comparison operator"),
                Arguments.of("userName equals \"a\"", 10, "a comparison operator"),
                Arguments.of("userName eq \"a\" and (", 22, "an attribute path"),
                Arguments.of("emails[type eq \"work\"].", 24, "a sub-attribute name"),
                Arguments.of("emails[type eq \"work\"].value", 29, "a comparison operator"),
                Arguments.of("userName eq \"a\" andtitle pr", 17, "'and', 'or' or the end"),
                Arguments.of("userName eq )", 13, "a value"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalid")
    void rejectsInvalidFiltersWithThePosition(String text, int column, String expected) {
        ScimException e = catchThrowableOfType(ScimException.class, () -> Filter.parse(text));
        assertThat(e).as(text).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.scimType()).contains(ScimType.INVALID_FILTER);
        assertThat(e.detail()).contains("column " + column).contains(expected).endsWith(": " + text);
    }

    static Stream<Arguments> strictOnlyInvalid() {
        return Stream.of(
                Arguments.of("userName eq bjensen", 13),
                Arguments.of("userName eq 01", 13),
                Arguments.of("userName eq 1.", 13),
                Arguments.of("userName eq -", 13),
                Arguments.of("userName eq 1e", 13),
                Arguments.of("userName eq True", 13),
                Arguments.of("userName eq \"a\tb\"", 15),
                Arguments.of("emails[type eq \"work\"].value eq \"x\"", 23));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("strictOnlyInvalid")
    void strictModeReportsPositions(String text, int column) {
        assertThatThrownBy(() -> Filter.parse(text, FilterOptions.strictRfc()))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.detail()).contains("column " + column));
        assertThat(Filter.parse(text)).isNotNull();
    }

    @Test
    void showsTheExampleDetailOfTheIssue() {
        assertThatThrownBy(() -> Filter.parse("userName zz \"a\""))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.detail()).isEqualTo(
                        "expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) at column 10: "
                                + "userName zz \"a\""));
    }

    @Test
    void enforcesTheLengthLimit() {
        String longFilter = "userName eq \"" + "x".repeat(5000) + "\"";
        assertThatThrownBy(() -> Filter.parse(longFilter))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.detail()).contains("at most 4096"));
        FilterOptions roomy = FilterOptions.builder().maxLength(10_000).build();
        assertThat(Filter.parse(longFilter, roomy)).isInstanceOf(Comparison.class);
    }

    @Test
    void enforcesTheDepthLimitWithoutStackOverflow() {
        String deep = "(".repeat(33) + "a pr" + ")".repeat(33);
        assertThatThrownBy(() -> Filter.parse(deep))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.detail()).contains("deeper than 32"));
        assertThat(Filter.parse("(".repeat(32) + "a pr" + ")".repeat(32))).isEqualTo(pr("a"));
        FilterOptions huge = FilterOptions.builder().maxLength(1_000_000).maxDepth(FilterOptions.MAX_DEPTH_LIMIT).build();
        assertThatThrownBy(() -> Filter.parse("(".repeat(500_000), huge)).isInstanceOf(ScimException.class);
        assertThatThrownBy(() -> Filter.parse("not (".repeat(100_000), huge)).isInstanceOf(ScimException.class);
        assertThatThrownBy(() -> Filter.parse("a[".repeat(100_000), huge)).isInstanceOf(ScimException.class);
        // The deepest accepted filter also prints, compiles and evaluates without trouble.
        Filter deepest = Filter.parse("not (".repeat(200) + "userName pr" + ")".repeat(200), huge);
        assertThat(Filter.parse(deepest.toString(), huge)).isEqualTo(deepest);
        assertThat(FilterEvaluator.of(io.scimlab.core.schema.SchemaRegistry.standard(),
                io.scimlab.core.schema.SchemaRegistry.standard().requireResourceType("User")).compile(deepest)
                .matches(FilterEvaluatorTest.FULL_USER)).isTrue();
        assertThatThrownBy(() -> FilterOptions.builder().maxDepth(201).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void enforcesTheTermLimit() {
        String many = String.join(" or ", java.util.Collections.nCopies(257, "a pr"));
        assertThatThrownBy(() -> Filter.parse(many))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.detail()).contains("more than 256"));
        assertThat(Filter.parse(String.join(" or ", java.util.Collections.nCopies(256, "a pr")))).isInstanceOf(Or.class);
    }

    @Test
    void longChainsStayFlat() {
        FilterOptions big = FilterOptions.builder().maxLength(2_000_000).maxTerms(200_000).build();
        Filter f = Filter.parse(String.join(" and ", java.util.Collections.nCopies(100_000, "a pr")), big);
        assertThat(((And) f).filters()).hasSize(100_000);
        assertThat(f.toString()).hasSize(100_000 * 4 + 99_999 * 5);
    }

    @Test
    void cutsLongInputsInErrorDetails() {
        String text = "userName eq \"a\" and " + "title pr and ".repeat(40) + "zz";
        ScimException e = catchThrowableOfType(ScimException.class, () -> Filter.parse(text));
        // The excerpt is 64 characters around the column, cut with "...".
        assertThat(e.detail()).startsWith("expected a comparison operator").contains("at the end (column 543)")
                .contains(": ...").endsWith("title pr and zz").hasSizeLessThan(200);
    }

    static Stream<Arguments> patchPaths() {
        return Stream.of(
                Arguments.of("members", new PatchPath(p("members"), null)),
                Arguments.of("name.familyName", new PatchPath(p("name", "familyName"), null)),
                Arguments.of("emails[type eq \"work\"]", new PatchPath(p("emails"), cmp(p("type"), CompareOp.EQ, "work"))),
                Arguments.of("emails[type eq \"work\"].value",
                        new PatchPath(p("emails", "value"), cmp(p("type"), CompareOp.EQ, "work"))),
                Arguments.of("addresses[type eq \"work\"].locality",
                        new PatchPath(p("addresses", "locality"), cmp(p("type"), CompareOp.EQ, "work"))),
                Arguments.of("members[value eq \"2819c223-7f76-453a-919d-413861904646\"]", new PatchPath(p("members"),
                        cmp(p("value"), CompareOp.EQ, "2819c223-7f76-453a-919d-413861904646"))),
                Arguments.of(ENTERPRISE + ":manager", new PatchPath(new AttributePath(ENTERPRISE, "manager", null), null)),
                Arguments.of(ENTERPRISE + ":manager.value",
                        new PatchPath(new AttributePath(ENTERPRISE, "manager", "value"), null)),
                Arguments.of(ENTERPRISE, new PatchPath(new AttributePath(
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0", "User", null), null)),
                Arguments.of("members[value eq \"U2\" or value eq \"U3\"]", new PatchPath(p("members"),
                        Or.of(cmp(p("value"), CompareOp.EQ, "U2"), cmp(p("value"), CompareOp.EQ, "U3")))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("patchPaths")
    void parsesPatchPaths(String text, PatchPath expected) {
        PatchPath parsed = FilterParser.parsePath(text);
        assertThat(parsed).isEqualTo(expected);
        assertThat(parsed.toString()).isEqualTo(text);
        assertThat(PatchPath.parse(parsed.toString())).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "emails[type eq \"work\"", "emails.value[type eq \"x\"]", "emails[type eq \"work\"].",
        "emails[type eq \"work\"]x", "emails x", "name.a.b", "emails[type eq \"work\"].value.x", "emails[x[y eq 1]]"})
    void rejectsInvalidPatchPaths(String text) {
        assertThatThrownBy(() -> FilterParser.parsePath(text))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.scimType()).contains(ScimType.INVALID_PATH);
                    assertThat(e.detail()).contains("column");
                });
    }

    @Test
    void astChecksItsInvariants() {
        assertThatThrownBy(() -> new And(java.util.List.of(pr("a")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ValuePathFilter(p("emails", "value"), pr("type")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ValuePathFilter(p("emails"), new ValuePathFilter(p("x"), pr("y"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ValuePathFilter(p("emails"), new Present(p("a", "b"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AttributePath.of("1a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AttributePath("urn:x:", "a", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Comparison(p("a"), CompareOp.EQ,
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Comparison(p("a"), CompareOp.EQ, com.fasterxml.jackson.databind.node.LongNode.valueOf(5)))
                .isEqualTo(Filter.parse("a eq 5"));
    }

    @Test
    void visitorTranslatesFilters() {
        FilterVisitor<String> sql = new FilterVisitor<>() {
            @Override
            public String visitAnd(And and) {
                return "(" + String.join(" AND ", and.filters().stream().map(f -> f.accept(this)).toList()) + ")";
            }

            @Override
            public String visitOr(Or or) {
                return "(" + String.join(" OR ", or.filters().stream().map(f -> f.accept(this)).toList()) + ")";
            }

            @Override
            public String visitNot(Not not) {
                return "NOT " + not.filter().accept(this);
            }

            @Override
            public String visitComparison(Comparison c) {
                return c.path() + (c.op() == CompareOp.EQ ? " = " : " ? ") + c.value();
            }

            @Override
            public String visitPresent(Present present) {
                return present.path() + " IS NOT NULL";
            }

            @Override
            public String visitValuePath(ValuePathFilter v) {
                return "EXISTS(" + v.path() + ": " + v.filter().accept(this) + ")";
            }
        };
        assertThat(Filter.parse("userName eq \"a\" and not (title pr or emails[type eq \"work\"])").accept(sql))
                .isEqualTo("(userName = \"a\" AND NOT (title IS NOT NULL OR EXISTS(emails: type = \"work\")))");
    }
}
