package io.scimlab.gitlab.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A group's SAML group links ({@code /groups/:id/saml_group_links}); from {@link GitLabClient#samlGroupLinks()}. */
public final class SamlGroupLinksApi {
    private final Rest rest;

    SamlGroupLinksApi(Rest rest) {
        this.rest = rest;
    }

    /**
     * The group's SAML group links.
     *
     * @param group the group
     * @return the links
     */
    public List<SamlGroupLink> list(GroupRef group) {
        List<SamlGroupLink> links = new ArrayList<>();
        rest.get(rest.url("groups", group.segment(), "saml_group_links").build())
                .forEach(n -> links.add(GitLabJson.samlGroupLink(n)));
        return List.copyOf(links);
    }

    /**
     * One SAML group link, or empty.
     *
     * @param group the group
     * @param name  the SAML group name
     * @return the link
     */
    public Optional<SamlGroupLink> find(GroupRef group, String name) {
        return Rest.optional(() -> GitLabJson.samlGroupLink(rest.get(rest.url("groups", group.segment(),
                "saml_group_links", name).build())));
    }

    /**
     * Creates a SAML group link.
     *
     * <p>Retry rule: after a failure the client reads the link by name; one with the same level is the earlier
     * attempt's result.
     *
     * @param group the group
     * @param link  the link
     * @return the created link
     */
    public SamlGroupLink create(GroupRef group, SamlGroupLink link) {
        ObjectNode body = rest.object().put("saml_group_name", link.name())
                .put("access_level", link.accessLevel().value());
        link.memberRoleId().ifPresent(r -> body.put("member_role_id", r));
        return rest.confirmedPost(() -> GitLabJson.samlGroupLink(rest.send("POST", rest.url("groups",
                group.segment(), "saml_group_links").build(), body, false)),
                () -> find(group, link.name()).filter(l -> l.accessLevel() == link.accessLevel()));
    }

    /**
     * Deletes a SAML group link.
     *
     * @param group the group
     * @param name  the SAML group name
     */
    public void delete(GroupRef group, String name) {
        rest.send("DELETE", rest.url("groups", group.segment(), "saml_group_links", name).build(), null, true);
    }
}
