package io.scimlab.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
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

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.filters.Filter;

import com.unboundid.scim2.common.utils.JsonUtils;

import de.captaingoldfish.scim.sdk.common.resources.ResourceNode;
import de.captaingoldfish.scim.sdk.common.resources.User;
import de.captaingoldfish.scim.sdk.common.utils.JsonHelper;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.filter.resources.FilterResourceResolver;
import de.captaingoldfish.scim.sdk.server.utils.RequestUtils;

import io.scimlab.core.filter.CompiledFilter;
import io.scimlab.core.filter.FilterEvaluator;
import io.scimlab.core.filter.FilterParser;
import io.scimlab.core.resource.ResourceReader;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.SchemaRegistry;

/**
 * SCIM filters (RFC 7644 section 3.4.2.2).
 *
 * <ul>
 *   <li>{@code …ParseFilter}: parse one of the eight {@link Fixtures#FILTERS}, the index advancing by one per
 *       invocation, so one op is the mean over the eight.</li>
 *   <li>{@code …EvaluateValuePathFilter} / {@code …EvaluateLogicalFilter}: evaluate the pre-parsed 5th / 7th
 *       filter against {@link Fixtures#FULL_ENTERPRISE_USER}, each library through its own in-memory
 *       evaluator.</li>
 * </ul>
 *
 * <p>Semantics differ, and the numbers should be read with that in mind: SCIM-SDK 1.30.0 turns a value path
 * {@code emails[type eq "work" and value co "@example.com"]} into {@code emails.type eq "work" and
 * emails.value co "@example.com"}, each side matched against any email on its own, so
 * {@code emails[type eq "home" and value co "@example.com"]} matches this user (whose home email is
 * babs@jensen.org), where UnboundID, per RFC 7644, requires one email to satisfy both.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class FilterBenchmark {

  private static final String[] FILTERS = Fixtures.FILTERS.toArray(new String[0]);

  /** Index of the next filter to parse; advanced by every parse invocation, shared by all sides. */
  private int next;

  private String nextFilter() {
    String filter = FILTERS[next];
    next = (next + 1) & 7;
    return filter;
  }

  // UnboundID: the user as the JSON tree its FilterEvaluator walks.
  private ObjectNode unboundidUser;
  private Filter unboundidValuePathFilter;
  private Filter unboundidLogicalFilter;

  // SCIM-SDK: filters are parsed against the User resource type (they resolve attributes through its schema)
  // and evaluated on the typed User.
  private ScimSdkAnchor scimsdk;
  private User scimsdkUser;
  private FilterNode scimsdkValuePathFilter;
  private FilterNode scimsdkLogicalFilter;
  private List<User> scimsdkUserAsList;

  /**
   * The matching predicate inside SCIM-SDK's FilterResourceResolver. Its public entry point
   * ({@link FilterResourceResolver#filterResources}) hands the list to a ForkJoinPool and runs a parallel
   * stream over it; this is the per-resource evaluation that the pool task runs, called directly.
   */
  private static final MethodHandle SCIMSDK_MATCHES;

  static {
    try {
      SCIMSDK_MATCHES = MethodHandles.privateLookupIn(FilterResourceResolver.class, MethodHandles.lookup())
          .findStatic(FilterResourceResolver.class, "isResourceMatchingFilter",
              MethodType.methodType(boolean.class, ResourceNode.class, FilterNode.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private ScimResource scimlabUser;
  private CompiledFilter scimlabValuePathFilter;
  private CompiledFilter scimlabLogicalFilter;

  @Setup
  public void setUp() throws Throwable {
    SchemaRegistry registry = SchemaRegistry.standard();
    ResourceTypeDefinition userType = registry.requireResourceType("User");
    scimlabUser = ResourceReader.standard().read(Fixtures.FULL_ENTERPRISE_USER, userType);
    FilterEvaluator scimlabEvaluator = FilterEvaluator.of(registry, userType);
    scimlabValuePathFilter = scimlabEvaluator.compile(Fixtures.EVAL_FILTER_VALUE_PATH);
    scimlabLogicalFilter = scimlabEvaluator.compile(Fixtures.EVAL_FILTER_LOGICAL);
    for (String filter : FILTERS) {
      Checks.check(FilterParser.parse(filter) != null, "scimlab parses " + filter);
    }
    Checks.checkEquals(Fixtures.EVAL_FILTER_VALUE_PATH_MATCHES, scimlabEvaluateValuePathFilter(),
        "scimlab evaluates " + Fixtures.EVAL_FILTER_VALUE_PATH);
    Checks.checkEquals(true, scimlabEvaluateLogicalFilter(), "scimlab evaluates " + Fixtures.EVAL_FILTER_LOGICAL);
    Checks.checkEquals(false, scimlabEvaluator.compile(FILTERS[0]).matches(scimlabUser),
        "scimlab evaluates " + FILTERS[0]);

    unboundidUser = (ObjectNode) JsonUtils.getObjectReader().readTree(Fixtures.FULL_ENTERPRISE_USER);
    unboundidValuePathFilter = Filter.fromString(Fixtures.EVAL_FILTER_VALUE_PATH);
    unboundidLogicalFilter = Filter.fromString(Fixtures.EVAL_FILTER_LOGICAL);

    scimsdk = new ScimSdkAnchor();
    scimsdkUser = JsonHelper.readJsonDocument(Fixtures.FULL_ENTERPRISE_USER, User.class);
    scimsdkUserAsList = List.of(scimsdkUser);
    scimsdkValuePathFilter = RequestUtils.parseFilter(scimsdk.userResourceType, Fixtures.EVAL_FILTER_VALUE_PATH);
    scimsdkLogicalFilter = RequestUtils.parseFilter(scimsdk.userResourceType, Fixtures.EVAL_FILTER_LOGICAL);

    // Sanity: every filter parses on both sides, and each evaluator gives the expected answer.
    for (String filter : FILTERS) {
      Checks.check(Filter.fromString(filter) != null, "unboundid parses " + filter);
      Checks.check(RequestUtils.parseFilter(scimsdk.userResourceType, filter) != null, "scimsdk parses " + filter);
    }
    Checks.checkEquals(Fixtures.EVAL_FILTER_VALUE_PATH_MATCHES, unboundidEvaluateValuePathFilter(),
        "unboundid evaluates " + Fixtures.EVAL_FILTER_VALUE_PATH);
    Checks.checkEquals(Fixtures.EVAL_FILTER_LOGICAL_MATCHES, unboundidEvaluateLogicalFilter(),
        "unboundid evaluates " + Fixtures.EVAL_FILTER_LOGICAL);
    Checks.checkEquals(Fixtures.EVAL_FILTER_VALUE_PATH_MATCHES, scimsdkEvaluateValuePathFilter(),
        "scimsdk evaluates " + Fixtures.EVAL_FILTER_VALUE_PATH);
    Checks.checkEquals(Fixtures.EVAL_FILTER_LOGICAL_MATCHES, scimsdkEvaluateLogicalFilter(),
        "scimsdk evaluates " + Fixtures.EVAL_FILTER_LOGICAL);
    Checks.checkEquals(Fixtures.EVAL_FILTER_VALUE_PATH_MATCHES, scimsdkFilterResourcesValuePathFilter(),
        "scimsdk filterResources " + Fixtures.EVAL_FILTER_VALUE_PATH);
    Checks.checkEquals(Fixtures.EVAL_FILTER_LOGICAL_MATCHES, scimsdkFilterResourcesLogicalFilter(),
        "scimsdk filterResources " + Fixtures.EVAL_FILTER_LOGICAL);
    // The logical filter answers false (see Fixtures.EVAL_FILTER_LOGICAL_MATCHES); show that each evaluator does
    // walk into its second group by naming the sub-attribute, which flips the answer to true.
    String logicalWithSubAttribute = Fixtures.EVAL_FILTER_LOGICAL.replace("emails co", "emails.value co");
    Checks.checkEquals(true, com.unboundid.scim2.common.utils.FilterEvaluator.evaluate(Filter.fromString(logicalWithSubAttribute), unboundidUser),
        "unboundid evaluates " + logicalWithSubAttribute);
    Checks.checkEquals(true, (boolean) SCIMSDK_MATCHES.invokeExact((ResourceNode) scimsdkUser,
        RequestUtils.parseFilter(scimsdk.userResourceType, logicalWithSubAttribute)),
        "scimsdk evaluates " + logicalWithSubAttribute);
    // Guard against an evaluator that answers true to everything.
    Checks.checkEquals(false, com.unboundid.scim2.common.utils.FilterEvaluator.evaluate(Filter.fromString(FILTERS[0]), unboundidUser),
        "unboundid evaluates " + FILTERS[0]);
    Checks.checkEquals(false, (boolean) SCIMSDK_MATCHES.invokeExact((ResourceNode) scimsdkUser,
        RequestUtils.parseFilter(scimsdk.userResourceType, FILTERS[0])), "scimsdk evaluates " + FILTERS[0]);
    next = 0;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Anchor: UnboundID scim2-sdk-common
  // ---------------------------------------------------------------------------------------------------------

  @Benchmark
  public Filter unboundidParseFilter() throws Exception {
    return Filter.fromString(nextFilter());
  }

  @Benchmark
  public boolean unboundidEvaluateValuePathFilter() throws Exception {
    return com.unboundid.scim2.common.utils.FilterEvaluator.evaluate(unboundidValuePathFilter, unboundidUser);
  }

  @Benchmark
  public boolean unboundidEvaluateLogicalFilter() throws Exception {
    return com.unboundid.scim2.common.utils.FilterEvaluator.evaluate(unboundidLogicalFilter, unboundidUser);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Anchor: Captain-P-Goldfish SCIM-SDK
  // ---------------------------------------------------------------------------------------------------------

  @Benchmark
  public FilterNode scimsdkParseFilter() {
    return RequestUtils.parseFilter(scimsdk.userResourceType, nextFilter());
  }

  /** The per-resource predicate of SCIM-SDK's in-memory filtering. */
  @Benchmark
  public boolean scimsdkEvaluateValuePathFilter() throws Throwable {
    return (boolean) SCIMSDK_MATCHES.invokeExact((ResourceNode) scimsdkUser, scimsdkValuePathFilter);
  }

  /** The per-resource predicate of SCIM-SDK's in-memory filtering. */
  @Benchmark
  public boolean scimsdkEvaluateLogicalFilter() throws Throwable {
    return (boolean) SCIMSDK_MATCHES.invokeExact((ResourceNode) scimsdkUser, scimsdkLogicalFilter);
  }

  /** The public API on a one-user list: includes the ForkJoinPool hand-off and parallel stream. */
  @Benchmark
  public boolean scimsdkFilterResourcesValuePathFilter() {
    return !FilterResourceResolver.filterResources(scimsdk.serviceProvider, scimsdkUserAsList,
        scimsdkValuePathFilter).isEmpty();
  }

  /** The public API on a one-user list: includes the ForkJoinPool hand-off and parallel stream. */
  @Benchmark
  public boolean scimsdkFilterResourcesLogicalFilter() {
    return !FilterResourceResolver.filterResources(scimsdk.serviceProvider, scimsdkUserAsList,
        scimsdkLogicalFilter).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------------------
  // ScimLab: the hand-written parser, and filters compiled once against the User type (paths resolved,
  // literals converted) then matched against the resource's JSON tree.
  // ---------------------------------------------------------------------------------------------------------

  @Benchmark
  public io.scimlab.core.filter.Filter scimlabParseFilter() {
    return FilterParser.parse(nextFilter());
  }

  @Benchmark
  public boolean scimlabEvaluateValuePathFilter() {
    return scimlabValuePathFilter.matches(scimlabUser);
  }

  /**
   * ScimLab follows the rule that a multi-valued complex attribute compared without a sub-attribute
   * ({@code emails co "example.com"}) compares its {@code value}, so this filter is true for ScimLab and false
   * for both anchors; ScimLab may therefore stop early at the first group's match.
   */
  @Benchmark
  public boolean scimlabEvaluateLogicalFilter() {
    return scimlabLogicalFilter.matches(scimlabUser);
  }
}
