package io.scimlab.benchmarks;

import java.util.List;
import java.util.Objects;

import de.captaingoldfish.scim.sdk.common.constants.ClassPathReferences;
import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.resources.ServiceProvider;
import de.captaingoldfish.scim.sdk.common.resources.User;
import de.captaingoldfish.scim.sdk.common.resources.complex.PatchConfig;
import de.captaingoldfish.scim.sdk.common.schemas.Schema;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.common.utils.JsonHelper;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceEndpoint;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceHandler;
import de.captaingoldfish.scim.sdk.server.endpoints.base.UserEndpointDefinition;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.response.PartialListResponse;
import de.captaingoldfish.scim.sdk.server.schemas.ResourceType;

/**
 * The minimal SCIM-SDK (de.captaingoldfish:scim-sdk-server) server set-up that its filter parser, filter
 * evaluator and PATCH handler need: a service provider with PATCH enabled, and the library's own User endpoint
 * definition (core User schema plus the enterprise extension) backed by a one-user in-memory handler.
 */
final class ScimSdkAnchor {

  final ServiceProvider serviceProvider;
  final ResourceEndpoint resourceEndpoint;
  final ResourceType userResourceType;
  final InMemoryUserHandler userHandler;
  /** The PatchOp message schema that the library validates PATCH bodies against. */
  final Schema patchOpSchema;

  ScimSdkAnchor() {
    serviceProvider = ServiceProvider.builder()
        .patchConfig(PatchConfig.builder().supported(true).build())
        .build();
    userHandler = new InMemoryUserHandler();
    resourceEndpoint = new ResourceEndpoint(serviceProvider);
    userResourceType = resourceEndpoint.registerEndpoint(new UserEndpointDefinition(userHandler));
    // The same document the endpoint's SchemaFactory registers as its PatchOp meta schema.
    patchOpSchema = new Schema(JsonHelper.loadJsonDocument(ClassPathReferences.PATCH_REQUEST_SCHEMA));
  }

  /**
   * Holds the one user that a PATCH works on. The PATCH handler fetches it through
   * {@link #getResource}; a benchmark puts a fresh copy here before each PATCH.
   */
  static final class InMemoryUserHandler extends ResourceHandler<User> {

    private User current;

    void setCurrent(User user) {
      this.current = Objects.requireNonNull(user);
    }

    @Override
    public User createResource(User resource, Context context) {
      this.current = resource;
      return resource;
    }

    @Override
    public User getResource(String id, List<SchemaAttribute> attributes, List<SchemaAttribute> excludedAttributes,
        Context context) {
      return current;
    }

    @Override
    public PartialListResponse<User> listResources(long startIndex, int count, FilterNode filter,
        SchemaAttribute sortBy, SortOrder sortOrder, List<SchemaAttribute> attributes,
        List<SchemaAttribute> excludedAttributes, Context context) {
      return PartialListResponse.<User>builder().resources(List.of(current)).totalResults(1).build();
    }

    @Override
    public User updateResource(User resourceToUpdate, Context context) {
      this.current = resourceToUpdate;
      return resourceToUpdate;
    }

    @Override
    public void deleteResource(String id, Context context) {
      this.current = null;
    }
  }
}
