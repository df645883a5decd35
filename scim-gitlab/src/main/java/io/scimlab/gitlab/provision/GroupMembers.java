package io.scimlab.gitlab.provision;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.gitlab.state.StateStore;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The members of a SCIM group resource, told apart: users and groups. A member is what its {@code type} says
 * ({@code User} or {@code Group}, any case); without one, what its {@code $ref} names ({@code .../Users/<id>},
 * {@code .../Groups/<id>}); without either, what its id is in the store (a user first: the ids cannot collide, a
 * user's is GitLab's number and a group's a UUID). A member without {@code value} takes its id from {@code $ref}.
 *
 * @param users  the SCIM ids of the member users
 * @param groups the SCIM ids of the member groups
 */
record GroupMembers(Set<String> users, Set<String> groups) {
    GroupMembers {
        users = Set.copyOf(users);
        groups = Set.copyOf(groups);
    }

    /**
     * Reads the members of a group resource. Ids already members ({@code known}) are taken as they were stored;
     * new ones without a type are looked up.
     *
     * @throws ScimException 400 {@code invalidValue} for a type other than User or Group, or an untyped id that is
     *                       neither a user nor a group
     */
    static GroupMembers of(ScimResource resource, UserRecords userRecords, StateStore store,
            GroupMembers known) {
        Set<String> users = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        int i = 0;
        for (JsonNode m : resource.get("members")) {
            String where = "members[" + i++ + "]";
            JsonNode ref = m.isObject() ? ScimResource.member(m, "$ref") : m.path("$ref");
            JsonNode v = m.isObject() ? ScimResource.member(m, "value") : m;
            String id = v.isValueNode() && !v.asText().isBlank() ? v.asText()
                    : ref.isTextual() ? lastSegment(ref.asText()) : "";
            if (id.isBlank()) {
                continue;
            }
            id = Bounds.require("members.value", id, Bounds.MEMBER_ID);
            Optional<String> type = type(m, ref, where);
            if (type.isEmpty()) {
                // No type and no $ref (the common case for IdPs that push users only): known ids as stored, new
                // ones by lookup.
                type = known.users().contains(id) ? Optional.of("user") : known.groups().contains(id)
                        ? Optional.of("group") : userRecords.get(id).isPresent() ? Optional.of("user")
                        : store.group(id).isPresent() ? Optional.of("group") : Optional.empty();
                if (type.isEmpty()) {
                    throw ScimException.invalidValue("members: no user or group with id " + Bounds.echo(id));
                }
            }
            (type.get().equals("group") ? groups : users).add(id);
        }
        return new GroupMembers(users, groups);
    }

    /** Nobody: the members a group being created had before. */
    static GroupMembers none() {
        return new GroupMembers(Set.of(), Set.of());
    }

    /** The member's type, lower case, from {@code type} or else from {@code $ref}; empty when neither says. */
    private static Optional<String> type(JsonNode member, JsonNode ref, String where) {
        JsonNode t = member.isObject() ? ScimResource.member(member, "type") : member.path("type");
        if (t.isTextual() && !t.asText().isBlank()) {
            String type = t.asText().strip().toLowerCase(Locale.ROOT);
            if (!type.equals("user") && !type.equals("group")) {
                throw ScimException.invalidValue(where + ".type must be User or Group, not "
                        + Bounds.echo(t.asText()));
            }
            return Optional.of(type);
        }
        if (ref.isTextual()) {
            String r = ref.asText();
            if (r.contains("/Groups/")) {
                return Optional.of("group");
            }
            if (r.contains("/Users/")) {
                return Optional.of("user");
            }
        }
        return Optional.empty();
    }

    private static String lastSegment(String ref) {
        String r = ref.strip();
        while (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        return r.substring(r.lastIndexOf('/') + 1);
    }
}
