package io.scimlab.benchmarks.filter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.filter.CompiledFilter;
import io.scimlab.core.filter.Filter;
import io.scimlab.core.filter.FilterEvaluator;
import io.scimlab.core.filter.FilterParser;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.SchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ScimLab's filter engine: parsing the eight reference filters (cycled, so the average is over all of them)
 * and evaluating the 5th and 7th, pre-compiled, against the RFC 7643 §8.2 full user with the enterprise
 * extension.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OurFilterBenchmark {
    /** The reference filters, shared with the anchor-library benchmarks. */
    public static final String[] FILTERS = {
        "userName eq \"bjensen\"",
        "name.familyName co \"O'Malley\"",
        "userName sw \"J\"",
        "title pr and userType eq \"Employee\"",
        "emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]",
        "meta.lastModified gt \"2011-05-13T04:42:34Z\" and not (active eq false)",
        "(userType eq \"Employee\" or userType eq \"Intern\") and (emails co \"example.com\" or emails.value co \"example.org\")",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"701984\"",
    };

    private int next;
    private ScimResource user;
    private CompiledFilter fifth;
    private CompiledFilter seventh;

    /** Loads the full user and compiles the evaluated filters. */
    @Setup
    public void setUp() throws IOException {
        try (InputStream in = OurFilterBenchmark.class.getResourceAsStream("full-user.json")) {
            user = ScimResource.wrap((ObjectNode) new ObjectMapper().readTree(in));
        }
        SchemaRegistry registry = SchemaRegistry.standard();
        FilterEvaluator evaluator = FilterEvaluator.of(registry, registry.requireResourceType("User"));
        fifth = evaluator.compile(FILTERS[4]);
        seventh = evaluator.compile(FILTERS[6]);
        if (!fifth.matches(user) || !seventh.matches(user)) {
            throw new IllegalStateException("the reference filters should match the full user");
        }
    }

    /** Parses the next of the eight filters. */
    @Benchmark
    public Filter parse() {
        String filter = FILTERS[next];
        next = (next + 1) & 7;
        return FilterParser.parse(filter);
    }

    /** Evaluates the 5th filter (two value filters) against the full user. */
    @Benchmark
    public boolean evaluate5() {
        return fifth.matches(user);
    }

    /** Evaluates the 7th filter (grouped and/or, multi-valued emails) against the full user. */
    @Benchmark
    public boolean evaluate7() {
        return seventh.matches(user);
    }
}
