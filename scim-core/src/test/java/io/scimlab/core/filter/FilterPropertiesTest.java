package io.scimlab.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.internal.Access;
import io.scimlab.core.internal.DateTimes;
import io.scimlab.core.internal.Texts;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.SchemaRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

class FilterPropertiesTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final FilterEvaluator EVALUATOR =
            FilterEvaluator.of(SchemaRegistry.standard(), SchemaRegistry.standard().requireResourceType("User"));

    // ---- generated ASTs round-trip through print and parse ------------------------------------------------

    private static final FilterOptions ROOMY = FilterOptions.builder().maxLength(1 << 20).maxTerms(1 << 20).build();

    @Property(tries = 1500)
    void printedFiltersParseBackToTheSameTree(@ForAll("filters") Filter filter) {
        String text = filter.toString();
        assertThat(Filter.parse(text, ROOMY)).isEqualTo(filter);
        assertThat(Filter.parse(text, ROOMY.toBuilder().strict(true).build())).isEqualTo(filter);
    }

    @Property(tries = 500)
    void printedPatchPathsParseBack(@ForAll("paths") AttributePath path, @ForAll("innerFilters") Filter inner,
            @ForAll boolean filtered) {
        PatchPath p = new PatchPath(path, filtered ? inner : null);
        assertThat(PatchPath.parse(p.toString())).isEqualTo(p);
    }

    @Provide
    Arbitrary<Filter> filters() {
        return Arbitraries.recursive(this::term, this::compound, 0, 3);
    }

    @Provide
    Arbitrary<Filter> innerFilters() {
        return Arbitraries.recursive(this::innerTerm, this::innerCompound, 0, 2);
    }

    private Arbitrary<Filter> term() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Combinators.combine(paths(), ops(), values()).as(Comparison::new)),
                net.jqwik.api.Tuple.of(1, paths().map(Present::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(names(), innerFilters())
                        .as((n, f) -> new ValuePathFilter(AttributePath.of(n), f))));
    }

    private Arbitrary<Filter> compound(Arbitrary<Filter> sub) {
        return Arbitraries.oneOf(
                sub.list().ofMinSize(2).ofMaxSize(4).map(And::new),
                sub.list().ofMinSize(2).ofMaxSize(4).map(Or::new),
                sub.map(Not::new));
    }

    private Arbitrary<Filter> innerTerm() {
        return Arbitraries.oneOf(
                Combinators.combine(names().map(AttributePath::of), ops(), values()).as(Comparison::new),
                names().map(n -> new Present(AttributePath.of(n))));
    }

    private Arbitrary<Filter> innerCompound(Arbitrary<Filter> sub) {
        return Arbitraries.oneOf(
                sub.list().ofMinSize(2).ofMaxSize(3).map(And::new),
                sub.list().ofMinSize(2).ofMaxSize(3).map(Or::new),
                sub.map(Not::new));
    }

    private Arbitrary<String> names() {
        Arbitrary<String> generated = Combinators.combine(Arbitraries.chars().alpha(),
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                        .withChars('-', '_').ofMaxLength(8)).as((c, s) -> c + s);
        return Arbitraries.oneOf(generated, Arbitraries.of("$ref", "userName", "emails", "value", "not", "and", "or",
                "pr", "eq", "urn", "true", "null"));
    }

    @Provide
    Arbitrary<AttributePath> paths() {
        Arbitrary<String> urns = Arbitraries.of("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                "urn:ietf:params:scim:schemas:core:2.0:User", "URN:x:y-1.0:z", "urn:a:b");
        return Combinators.combine(urns.injectNull(0.6), names(), names().injectNull(0.5)).as(AttributePath::new);
    }

    private Arbitrary<CompareOp> ops() {
        return Arbitraries.of(CompareOp.class);
    }

    private Arbitrary<JsonNode> values() {
        return Arbitraries.oneOf(
                // Any text a value may hold: no NUL, no lone surrogate (the parser refuses both; see below).
                Arbitraries.strings().all().ofMaxLength(12).filter(s -> Texts.firstForbidden(s, false) < 0)
                        .map(TextNode::valueOf),
                Arbitraries.strings().withChars("\"\\/\b\f\n\r\t ()[]'and or").ofMaxLength(6).map(TextNode::valueOf),
                Arbitraries.longs().map(LongNode::valueOf),
                Arbitraries.bigDecimals().ofScale(3).map(DecimalNode::valueOf),
                Arbitraries.doubles().map(d -> DecimalNode.valueOf(BigDecimal.valueOf(d)).deepCopy()),
                Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.getInstance()));
    }

    // ---- arbitrary input never fails with anything but a ScimException ------------------------------------

    @Property(tries = 3000)
    void arbitraryStringsOnlyEverThrowScimExceptions(@ForAll @StringLength(max = 60) String text) {
        parseSafely(text);
    }

    @Property(tries = 5000)
    void arbitraryTokenSoupOnlyEverThrowsScimExceptions(@ForAll("tokenSoup") String text) {
        parseSafely(text);
    }

    private static void parseSafely(String text) {
        for (FilterOptions options : List.of(FilterOptions.lenient(), FilterOptions.strictRfc())) {
            try {
                Filter f = Filter.parse(text, options);
                assertThat(Filter.parse(f.toString(), FilterOptions.strictRfc())).isEqualTo(f);
                EVALUATOR.compile(f).matches(FilterEvaluatorTest.FULL_USER);
            } catch (ScimException expected) {
                assertThat(expected.status()).isEqualTo(400);
            }
            try {
                PatchPath p = FilterParser.parsePath(text, options);
                assertThat(PatchPath.parse(p.toString())).isEqualTo(p);
            } catch (ScimException expected) {
                assertThat(expected.status()).isEqualTo(400);
            }
        }
    }

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of("userName", "emails", "name.familyName", "meta.lastModified", "active", "title",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "[", "]", "(", ")",
                        " ", " ", " ", ".", "value", "type", "eq", "ne", "co", "sw", "gt", "le", "pr", "and", "or",
                        "not", "\"x\"", "\"", "\\", "\"\\u00", "1", "-", "1.5e3", "true", "false", "null", "$ref", ":",
                        "\t", "x", "urn:", "\"2011-05-13T04:42:34Z\"", "==", "\u00e9")
                .list().ofMaxSize(25).map(l -> String.join("", l));
    }

    // ---- not(f) is the negation of f on generated resources -----------------------------------------------

    @Property(tries = 3000)
    void notNegatesEveryFilter(@ForAll("userFilters") Filter filter, @ForAll("users") ObjectNode user) {
        CompiledFilter compiled;
        try {
            compiled = EVALUATOR.compile(filter);
        } catch (ScimException typeError) {
            // An operator that does not fit the type is rejected whichever way the filter is wrapped.
            assertThat(catchScim(() -> EVALUATOR.compile(new Not(filter)))).isNotNull();
            return;
        }
        ScimResource resource = Access.wrap(user);
        assertThat(EVALUATOR.compile(new Not(filter)).matches(resource)).isEqualTo(!compiled.matches(resource));
        assertThat(EVALUATOR.compile(new Not(new Not(filter))).matches(resource)).isEqualTo(compiled.matches(resource));
    }

    private static ScimException catchScim(Runnable r) {
        try {
            r.run();
            return null;
        } catch (ScimException e) {
            return e;
        }
    }

    @Provide
    Arbitrary<Filter> userFilters() {
        Arbitrary<JsonNode> values = Arbitraries.of(TextNode.valueOf("bjensen"), TextNode.valueOf("BJ"),
                TextNode.valueOf("work"), TextNode.valueOf("@example.com"), TextNode.valueOf(""),
                TextNode.valueOf("2011-05-13T04:42:34Z"), BooleanNode.TRUE, BooleanNode.FALSE, NullNode.getInstance(),
                LongNode.valueOf(5), TextNode.valueOf("true"));
        Arbitrary<AttributePath> top = Arbitraries.of(AttributePath.of("userName"), AttributePath.of("title"),
                AttributePath.of("active"), AttributePath.of("emails"), AttributePath.of("emails", "value"),
                AttributePath.of("emails", "type"), AttributePath.of("emails", "primary"),
                AttributePath.of("meta", "lastModified"), AttributePath.of("name", "familyName"),
                AttributePath.of("nickName"), AttributePath.of("unknownAttr"), AttributePath.of("id"));
        Arbitrary<AttributePath> inner = Arbitraries.of("type", "value", "primary", "display", "nope")
                .map(AttributePath::of);
        Arbitrary<Filter> innerTerm = Arbitraries.oneOf(
                Combinators.combine(inner, ops(), values).as(Comparison::new), inner.map(Present::new));
        Arbitrary<Filter> innerFilter = Arbitraries.recursive(() -> innerTerm, this::innerCompound, 0, 2);
        Arbitrary<Filter> term = Arbitraries.oneOf(
                Combinators.combine(top, ops(), values).as(Comparison::new), top.map(Present::new),
                innerFilter.map(f -> new ValuePathFilter(AttributePath.of("emails"), f)));
        return Arbitraries.recursive(() -> term, this::compound, 0, 3);
    }

    @Provide
    Arbitrary<ObjectNode> users() {
        Arbitrary<ObjectNode> email = Combinators.combine(
                Arbitraries.of("bjensen@example.com", "B@EXAMPLE.COM", "", "x@y").injectNull(0.2),
                Arbitraries.of("work", "home", "WORK").injectNull(0.2),
                Arbitraries.of(true, false).injectNull(0.4)).as((v, t, p) -> {
                    ObjectNode e = JSON.objectNode();
                    if (v != null) {
                        e.put("value", v);
                    }
                    if (t != null) {
                        e.put("type", t);
                    }
                    if (p != null) {
                        e.put("primary", p);
                    }
                    return e;
                });
        return Combinators.combine(
                Arbitraries.of("bjensen", "BJENSEN", "alice", "").injectNull(0.2),
                Arbitraries.of("Tour Guide", "", "work").injectNull(0.4),
                Arbitraries.of(true, false).injectNull(0.3),
                email.list().ofMaxSize(3).injectNull(0.2),
                Arbitraries.of("2011-05-13T04:42:34Z", "2011-05-13T04:42:35.5+00:00", "2020-01-01T00:00:00Z", "junk")
                        .injectNull(0.3)).as((userName, title, active, emails, modified) -> {
                            ObjectNode u = JSON.objectNode();
                            u.putArray("schemas").add(SchemaRegistry.USER_SCHEMA);
                            u.put("id", "abc");
                            if (userName != null) {
                                u.put("userName", userName);
                            }
                            if (title != null) {
                                u.put("title", title);
                            }
                            if (active != null) {
                                u.put("active", active);
                            }
                            if (emails != null) {
                                u.putArray("emails").addAll(emails);
                            }
                            if (modified != null) {
                                u.putObject("meta").put("lastModified", modified);
                            }
                            return u;
                        });
    }

    // ---- the fast dateTime reader agrees with java.time ---------------------------------------------------

    @Property(tries = 3000)
    void dateTimesAgreeWithJavaTime(@ForAll @LongRange(min = -62_135_596_800L, max = 253_402_214_400L) long seconds,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
            @ForAll @IntRange(min = -18 * 60, max = 18 * 60) int offsetMinutes) {
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes / 15 * 15 * 60);
        OffsetDateTime time = Instant.ofEpochSecond(seconds, nanos).atOffset(offset);
        if (time.getYear() < 1 || time.getYear() > 9999) {
            return;
        }
        String text = time.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        assertThat(DateTimes.epochSeconds(text)).as(text).isEqualTo(seconds);
        assertThat(DateTimes.nanos(text)).as(text).isEqualTo(nanos);
    }
}
