package io.scimlab.benchmarks;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.unboundid.scim2.common.types.UserResource;

import io.scimlab.core.resource.Projection;
import io.scimlab.core.resource.ResourceReader;
import io.scimlab.core.resource.ResourceWriter;
import io.scimlab.core.resource.TypedJson;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.SchemaRegistry;
import com.unboundid.scim2.common.utils.JsonUtils;

import de.captaingoldfish.scim.sdk.common.resources.User;
import de.captaingoldfish.scim.sdk.common.utils.JsonHelper;

/**
 * Resource round trip: parse the RFC 7643 section 8.2 full user ({@link Fixtures#FULL_USER}) into the library's
 * typed user and write it back to a JSON string. One invocation = one parse plus one write.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ResourceBenchmark {

  private final String json = Fixtures.FULL_USER;

  /** UnboundID's own mapper configuration (JsonUtils), as its SDK reads and writes resources. */
  private ObjectReader unboundidUserReader;
  private ObjectWriter unboundidWriter;

  @Setup
  public void setUp() throws Exception {
    unboundidUserReader = JsonUtils.getObjectReader().forType(UserResource.class);
    unboundidWriter = JsonUtils.getObjectWriter();

    // Sanity: every side reproduces the document's content, not just some JSON.
    JsonNode expected = JsonUtils.getObjectReader().readTree(json);
    checkRoundTrip("unboundid", unboundidRoundTrip(), expected);
    checkRoundTrip("scimsdk", scimsdkRoundTrip(), expected);
    checkRoundTrip("scimlab", scimlabRoundTrip(), expected);
    // The direct path gives what the tree path gives.
    String viaTree = scimlabWriter.writeString(
        io.scimlab.core.resource.User.fromResource(scimlabReader.read(json, scimlabUserType)).toResource(),
        scimlabUserType, Projection.ALL);
    Checks.checkEquals(JsonUtils.getObjectReader().readTree(viaTree),
        JsonUtils.getObjectReader().readTree(scimlabRoundTrip()), "scimlab direct = tree");
  }

  private static void checkRoundTrip(String side, String written, JsonNode expected) throws Exception {
    JsonNode actual = JsonUtils.getObjectReader().readTree(written);
    Checks.checkEquals(expected.at("/name/givenName"), actual.at("/name/givenName"), side + " name.givenName");
    Checks.checkEquals(expected.at("/emails/1/value"), actual.at("/emails/1/value"), side + " emails[1].value");
    Checks.checkEquals(expected.at("/addresses/0/formatted"), actual.at("/addresses/0/formatted"),
        side + " addresses[0].formatted");
    Checks.checkEquals(expected.at("/x509Certificates/0/value"), actual.at("/x509Certificates/0/value"),
        side + " x509Certificates[0].value");
    Checks.checkEquals(expected.at("/groups/2/$ref"), actual.at("/groups/2/$ref"), side + " groups[2].$ref");
    Checks.check(actual.at("/meta/lastModified").isTextual(), side + " meta.lastModified written");
  }

  // ---------------------------------------------------------------------------------------------------------
  // Anchor: UnboundID scim2-sdk-common
  // ---------------------------------------------------------------------------------------------------------

  @Benchmark
  public String unboundidParseAndWriteUser() throws Exception {
    return unboundidRoundTrip();
  }

  private String unboundidRoundTrip() throws Exception {
    UserResource user = unboundidUserReader.readValue(json);
    return unboundidWriter.writeValueAsString(user);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Anchor: Captain-P-Goldfish SCIM-SDK
  // ---------------------------------------------------------------------------------------------------------

  @Benchmark
  public String scimsdkParseAndWriteUser() {
    return scimsdkRoundTrip();
  }

  private String scimsdkRoundTrip() {
    User user = JsonHelper.readJsonDocument(json, User.class);
    return user.toString();
  }

  // ---------------------------------------------------------------------------------------------------------
  // ScimLab: schema-validating streaming read into the generic resource, the typed User view, and a streaming
  // write with the returned/projection rules applied.
  // ---------------------------------------------------------------------------------------------------------

  private final ResourceReader scimlabReader = ResourceReader.standard();
  private final ResourceWriter scimlabWriter = ResourceWriter.of(SchemaRegistry.standard());
  private final ResourceTypeDefinition scimlabUserType = SchemaRegistry.standard().requireResourceType("User");
  /** The direct typed path: the same validation as scimlabReader, no intermediate tree. */
  private final TypedJson scimlabTyped = TypedJson.standard();

  @Benchmark
  public String scimlabParseAndWriteUser() {
    return scimlabRoundTrip();
  }

  private String scimlabRoundTrip() {
    io.scimlab.core.resource.User user = scimlabTyped.readUser(json);
    return scimlabTyped.writeString(user);
  }
}
