package io.scimlab.gitlab.provision;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.SchemaRegistry;
import io.scimlab.core.server.ResourceUpdate;
import io.scimlab.gitlab.state.GroupRecord;
import io.scimlab.gitlab.state.UserRecord;
import java.time.Instant;

/** SCIM resources from stored records and from GitLab users the bridge has no record of. */
final class ScimResources {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ScimResources() {
    }

    static String version(long version) {
        return "W/\"" + version + "\"";
    }

    /**
     * The SPI's version rule: an update computed from a version other than the stored one is a conflict the server
     * re-applies (ResourceProvider.versionConflict).
     */
    static void requireBase(ResourceUpdate update, long storedVersion) {
        java.util.Optional<String> base = update.before().meta().version();
        if (base.isPresent() && !base.get().equals(version(storedVersion))) {
            throw io.scimlab.core.server.ResourceProvider.versionConflict(update.id());
        }
    }

    static ScimResource user(UserRecord r) {
        ObjectNode j = r.attributes();
        j.remove("password");
        j.put("id", r.scimId());
        j.put("active", r.active());
        if (!j.has("schemas")) {
            j.putArray("schemas").add(SchemaRegistry.USER_SCHEMA);
        }
        meta(j, "User", r.created(), r.lastModified(), version(r.version()));
        return ScimResource.of(j);
    }

    static ScimResource group(GroupRecord g) {
        ObjectNode j = JSON.objectNode();
        j.putArray("schemas").add(SchemaRegistry.GROUP_SCHEMA);
        j.put("id", g.scimId());
        g.externalId().ifPresent(e -> j.put("externalId", e));
        j.put("displayName", g.displayName());
        var members = j.putArray("members");
        g.members().stream().sorted().forEach(m -> members.addObject().put("value", m).put("type", "User"));
        g.memberGroups().stream().sorted().forEach(m -> members.addObject().put("value", m).put("type", "Group"));
        meta(j, "Group", g.created(), g.lastModified(), version(g.version()));
        return ScimResource.of(j);
    }

    private static void meta(ObjectNode j, String type, Instant created, Instant modified, String version) {
        j.putObject("meta").put("resourceType", type).put("created", created.toString())
                .put("lastModified", modified.toString()).put("version", version);
    }
}
