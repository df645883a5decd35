package io.scimlab.gitlab.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the bridge remembers about a provisioned user: the id mapping and the SCIM attributes GitLab cannot hold
 * (GitLab keeps one name, one email and no {@code name.givenName}).
 *
 * @param scimId       the SCIM id (GitLab's numeric user id as a string, in both modes)
 * @param gitlabUserId GitLab's user id
 * @param userName     the SCIM userName (may differ from the GitLab username)
 * @param externalId   the SCIM externalId, also GitLab's identity {@code extern_uid}
 * @param active       the SCIM {@code active} flag
 * @param attributes   the SCIM resource as last stored, without {@code id} and {@code meta}
 * @param version      a counter bumped on every change
 * @param created      when the bridge first stored the user
 * @param lastModified when it last changed
 */
public record UserRecord(String scimId, long gitlabUserId, String userName, Optional<String> externalId,
        boolean active, ObjectNode attributes, long version, Instant created, Instant lastModified) {
    /**
     * Checks the components and copies the attributes.
     *
     * @param scimId       id
     * @param gitlabUserId GitLab id
     * @param userName     userName
     * @param externalId   externalId
     * @param active       active
     * @param attributes   attributes
     * @param version      version
     * @param created      created
     * @param lastModified lastModified
     */
    public UserRecord {
        Objects.requireNonNull(scimId, "scimId");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastModified, "lastModified");
        attributes = attributes.deepCopy();
    }

    /**
     * The attributes, as a copy the caller may change.
     *
     * @return a copy
     */
    @Override
    public ObjectNode attributes() {
        return attributes.deepCopy();
    }
}
