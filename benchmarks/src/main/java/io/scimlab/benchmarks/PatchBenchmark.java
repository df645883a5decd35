package io.scimlab.benchmarks;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;

import io.scimlab.core.patch.PatchEngine;
import io.scimlab.core.patch.PatchOptions;
import io.scimlab.core.patch.PatchResult;
import io.scimlab.core.resource.ResourceReader;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.SchemaRegistry;

import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import de.captaingoldfish.scim.sdk.common.request.PatchOpRequest;
import de.captaingoldfish.scim.sdk.common.resources.User;
import de.captaingoldfish.scim.sdk.common.resources.base.ScimObjectNode;
import de.captaingoldfish.scim.sdk.common.utils.JsonHelper;
import de.captaingoldfish.scim.sdk.server.patch.PatchRequestHandler;
import de.captaingoldfish.scim.sdk.server.schemas.validation.RequestSchemaValidator;

/**
 * SCIM PATCH (RFC 7644 section 3.5.2).
 *
 * <p>{@code …PatchUser}: one invocation parses the five-operation {@link Fixtures#USER_PATCH} request and
 * applies it, through the library's own PATCH API, to a fresh copy of {@link Fixtures#FULL_ENTERPRISE_USER}
 * (the copy is made inside the measured code, in the library's own representation, as a server would load
 * the stored resource).
 *
 * <p>{@code …PatchGroupMembers} (UnboundID only): a group of {@code members} members gets one PATCH that adds
 * 100 members and removes 100 (one {@code add} of 100 values, one {@code remove} whose value filter joins 100
 * {@code value eq} terms with {@code or}). UnboundID evaluates the filter once per member and term, a few
 * microseconds each, so one op takes about half a second at 1,000 members and about a minute at 100,000:
 * this method runs in SingleShotTime mode (milliseconds), one warm-up and two measured ops per size, and the
 * group copy it patches is made outside the measurement, before each (single-op) iteration.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class PatchBenchmark {

  private final String patch = Fixtures.USER_PATCH;

  private ObjectReader unboundidPatchReader;
  /** The stored user, as the JSON tree that UnboundID's GenericScimResource wraps. */
  private ObjectNode unboundidUser;

  private ScimSdkAnchor scimsdk;
  /** The stored user, as SCIM-SDK's typed User. */
  private User scimsdkUser;

  @Setup
  public void setUp() throws Exception {
    unboundidPatchReader = JsonUtils.getObjectReader().forType(PatchRequest.class);
    unboundidUser = (ObjectNode) JsonUtils.getObjectReader().readTree(Fixtures.FULL_ENTERPRISE_USER);

    scimsdk = new ScimSdkAnchor();
    scimsdkUser = JsonHelper.readJsonDocument(Fixtures.FULL_ENTERPRISE_USER, User.class);

    // Sanity: both sides apply all five operations, and leave the stored user untouched.
    checkPatched("unboundid", unboundidPatchUser().getObjectNode());
    checkPatched("scimsdk", scimsdkPatchUser());
    checkPatched("unboundid again", unboundidPatchUser().getObjectNode());
    checkPatched("scimsdk again", scimsdkPatchUser());
    checkPatched("scimlab", scimlabPatchUser().toJson());
    checkPatched("scimlab again", scimlabPatchUser().toJson());
    Checks.checkEquals("Barbara", scimlabUser.get("name.givenName").asText(), "scimlab stored user unchanged");
    Checks.checkEquals("Barbara", unboundidUser.at("/name/givenName").asText(), "unboundid stored user unchanged");
    Checks.checkEquals("Barbara", scimsdkUser.at("/name/givenName").asText(), "scimsdk stored user unchanged");
  }

  static void checkPatched(String side, JsonNode user) {
    Checks.checkEquals(Fixtures.PATCHED_GIVEN_NAME, user.at("/name/givenName").asText(), side + " name.givenName");
    Checks.checkEquals("Jensen", user.at("/name/familyName").asText(), side + " name.familyName kept");
    JsonNode emails = user.get("emails");
    Checks.checkEquals(2, emails.size(), side + " emails count (one added, home removed): " + emails);
    boolean added = false;
    for (JsonNode email : emails) {
      Checks.check(!"home".equals(email.path("type").asText()), side + " home email removed: " + emails);
      added |= Fixtures.ADDED_WORK_EMAIL.equals(email.path("value").asText())
          && "work".equals(email.path("type").asText());
    }
    Checks.check(added, side + " work email added: " + emails);
    Checks.check(user.get("active").isBoolean() && !user.get("active").booleanValue(), side + " active false");
    Checks.checkEquals(Fixtures.NEW_MANAGER_ID,
        user.path(Fixtures.ENTERPRISE_USER_SCHEMA).path("manager").path("value").asText(), side + " manager.value");
    Checks.checkEquals("Tour Operations",
        user.path(Fixtures.ENTERPRISE_USER_SCHEMA).path("department").asText(), side + " department kept");
  }

  // ---------------------------------------------------------------------------------------------------------
  // Anchor: UnboundID scim2-sdk-common
  // ---------------------------------------------------------------------------------------------------------

  @Benchmark
  public GenericScimResource unboundidPatchUser() throws Exception {
    PatchRequest request = unboundidPatchReader.readValue(patch);
    GenericScimResource user = new GenericScimResource(unboundidUser.deepCopy());
    request.apply(user);
    return user;
  }

  /** A group of {@code members} members, for the membership-scaling PATCH. */
  @State(Scope.Thread)
  public static class GroupState {

    @Param({"1000", "10000", "100000"})
    public int members;

    String patch;
    ObjectReader unboundidPatchReader;
    PatchEngine scimlabGroups;
    ScimResource scimlabGroup;
    byte[] scimlabPatch;
    ObjectNode unboundidGroup;
    /** The copy that the next invocation patches. */
    GenericScimResource unboundidTarget;

    @Setup(Level.Trial)
    public void setUpTrial() throws Exception {
      patch = Fixtures.groupMembershipPatch(members);
      unboundidPatchReader = JsonUtils.getObjectReader().forType(PatchRequest.class);
      unboundidGroup = (ObjectNode) JsonUtils.getObjectReader().readTree(Fixtures.groupWithMembers(members));
      ResourceTypeDefinition groupType = SchemaRegistry.standard().requireResourceType("Group");
      scimlabGroups = PatchEngine.of(SchemaRegistry.standard(), groupType, PatchOptions.lenient());
      scimlabGroup = ResourceReader.standard().read(Fixtures.groupWithMembers(members), groupType);
      scimlabPatch = patch.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      PatchResult scimlabResult = scimlabGroups.apply(scimlabGroup, scimlabPatch);
      Checks.checkEquals(members, scimlabResult.resource().get("members").size(), "scimlab group member count");
      Checks.checkEquals(Fixtures.MEMBERSHIP_DELTA,
          scimlabResult.changes().change("members").orElseThrow().addedValues().size(), "scimlab added");
      Checks.checkEquals(Fixtures.MEMBERSHIP_DELTA,
          scimlabResult.changes().change("members").orElseThrow().removedValues().size(), "scimlab removed");

      // Sanity: +100 -100 leaves the count unchanged; the removed ids are gone and the added ones present.
      GenericScimResource group = new GenericScimResource(unboundidGroup.deepCopy());
      unboundidPatchReader.<PatchRequest>readValue(patch).apply(group);
      JsonNode memberNodes = group.getObjectNode().get("members");
      Checks.checkEquals(members, memberNodes.size(), "unboundid group member count");
      Set<String> ids = new HashSet<>();
      memberNodes.forEach(m -> ids.add(m.get("value").asText()));
      for (int i = 0; i < Fixtures.MEMBERSHIP_DELTA; i++) {
        Checks.check(!ids.contains(Fixtures.removedMemberId(members, i)), "unboundid removed member " + i);
        Checks.check(ids.contains(Fixtures.memberId(members + i)), "unboundid added member " + i);
      }
    }

    /** SingleShotTime: one iteration is one invocation, so this is a fresh copy per PATCH. */
    @Setup(Level.Iteration)
    public void setUpIteration() {
      unboundidTarget = new GenericScimResource(unboundidGroup.deepCopy());
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 2)
  public GenericScimResource unboundidPatchGroupMembers(GroupState group) throws Exception {
    PatchRequest request = group.unboundidPatchReader.readValue(group.patch);
    request.apply(group.unboundidTarget);
    return group.unboundidTarget;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Anchor: Captain-P-Goldfish SCIM-SDK
  // ---------------------------------------------------------------------------------------------------------

  /**
   * What SCIM-SDK's PATCH endpoint does before and while applying, minus HTTP and response rendering: read
   * the body, validate it against the PatchOp message schema, bind it to PatchOpRequest, and run the
   * library's PatchRequestHandler (with the endpoint's workaround list) on the stored user, which the
   * in-memory ResourceHandler returns as a fresh copy.
   */
  @Benchmark
  public User scimsdkPatchUser() {
    JsonNode body = JsonHelper.readJsonDocument(patch);
    JsonNode validated = new RequestSchemaValidator(scimsdk.serviceProvider, ScimObjectNode.class, HttpMethod.PATCH)
        .validateDocument(scimsdk.patchOpSchema, body);
    PatchOpRequest request = JsonHelper.copyResourceToObject(validated, PatchOpRequest.class);
    scimsdk.userHandler.setCurrent(JsonHelper.copyResourceToObject(scimsdkUser.deepCopy(), User.class));
    PatchRequestHandler<User> handler = new PatchRequestHandler<>(Fixtures.USER_ID, scimsdk.userHandler,
        scimsdk.resourceEndpoint.getPatchWorkarounds(), null);
    return handler.handlePatchRequest(request);
  }

  // ---------------------------------------------------------------------------------------------------------
  // ScimLab: the request parsed from its JSON bytes and applied by the PatchEngine, which works on a copy of
  // the stored resource (the copy is inside the measurement) and also computes the change set.
  // ---------------------------------------------------------------------------------------------------------

  private final PatchEngine scimlabUsers = PatchEngine.of(SchemaRegistry.standard(),
      SchemaRegistry.standard().requireResourceType("User"), PatchOptions.lenient());
  private final byte[] scimlabPatch = patch.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private final ScimResource scimlabUser = ResourceReader.standard().read(Fixtures.FULL_ENTERPRISE_USER,
      SchemaRegistry.standard().requireResourceType("User"));

  @Benchmark
  public ScimResource scimlabPatchUser() {
    return scimlabUsers.apply(scimlabUser, scimlabPatch).resource();
  }

  /** The membership PATCH: set-based matching of the {@code or} of {@code value eq} terms, one pass. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 2)
  public ScimResource scimlabPatchGroupMembers(GroupState group) {
    return group.scimlabGroups.apply(group.scimlabGroup, group.scimlabPatch).resource();
  }
}
