package io.scimlab.gitlab.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import org.jspecify.annotations.Nullable;

/**
 * Calls to GitLab's SCIM {@code /Users} endpoint at group or instance level, with SCIM JSON as Jackson
 * {@link ObjectNode}s. Obtain one from {@link GitLabClient#scim(ScimScope)}. GitLab's SCIM POST is idempotent on
 * {@code externalId} and its PATCH only sets {@code externalId}/{@code active}, so every call here is retried like
 * an idempotent request.
 */
public final class GitLabScim {
    private static final MediaType SCIM = MediaType.get("application/scim+json");

    private final Transport transport;
    private final HttpUrl users;

    GitLabScim(Transport transport, HttpUrl users) {
        this.transport = transport;
        this.users = users;
    }

    /**
     * One page of users ({@code ListResponse}).
     *
     * @param filter     a filter such as {@code userName eq "jdoe"}; GitLab supports only {@code eq} on
     *                   {@code id}, {@code externalId} and {@code userName}
     * @param startIndex the 1-based start index
     * @param count      the page size (GitLab's maximum is 100)
     * @return the ListResponse
     */
    public ObjectNode listUsers(Optional<String> filter, int startIndex, int count) {
        HttpUrl.Builder url = users.newBuilder().addQueryParameter("startIndex", Integer.toString(startIndex))
                .addQueryParameter("count", Integer.toString(count));
        filter.ifPresent(f -> url.addQueryParameter("filter", f));
        return object(send("GET", url.build(), null), "GET", url.build());
    }

    /**
     * One user by SCIM id (GitLab's SCIM id is the identity's {@code extern_uid}).
     *
     * @param id the SCIM id
     * @return the user, or empty on 404
     */
    public Optional<ObjectNode> getUser(String id) {
        HttpUrl url = users.newBuilder().addPathSegment(Rest.segment(id)).build();
        try {
            return Optional.of(object(send("GET", url, null), "GET", url));
        } catch (GitLabException e) {
            if (e.kind() == GitLabException.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Provisions a user; GitLab answers 201 with the existing user when the {@code externalId} is known.
     *
     * @param user the SCIM user
     * @return the user GitLab stored
     */
    public ObjectNode createUser(ObjectNode user) {
        return object(send("POST", users, user), "POST", users);
    }

    /**
     * Applies a SCIM PatchOp; GitLab answers 204.
     *
     * @param id    the SCIM id
     * @param patch the {@code PatchOp} message
     */
    public void patchUser(String id, ObjectNode patch) {
        send("PATCH", users.newBuilder().addPathSegment(Rest.segment(id)).build(), patch);
    }

    /**
     * Deprovisions a user (group level: removes the group memberships; instance level: blocks).
     *
     * @param id the SCIM id
     */
    public void deleteUser(String id) {
        send("DELETE", users.newBuilder().addPathSegment(Rest.segment(id)).build(), null);
    }

    private Transport.Reply send(String method, HttpUrl url, @Nullable JsonNode body) {
        return transport.send(method, url, body, SCIM, true);
    }

    private ObjectNode object(Transport.Reply reply, String method, HttpUrl url) {
        try {
            JsonNode node = transport.mapper().readTree(reply.body());
            if (node instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException e) {
            // handled below
        }
        throw new GitLabException(GitLabException.Kind.UNEXPECTED, reply.status(), "answer is not a JSON object",
                method, url.encodedPath(), Map.of(), null, null);
    }
}
