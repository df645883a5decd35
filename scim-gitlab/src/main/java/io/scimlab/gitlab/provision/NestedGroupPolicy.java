package io.scimlab.gitlab.provision;

/**
 * What the bridge does with a SCIM group whose members include other groups, as some identity providers and
 * directories push them (a member with {@code "type": "Group"}, or the id of a group).
 */
public enum NestedGroupPolicy {
    /**
     * Accept nested groups (default): a group's grants reach every user in its transitive membership, through any
     * number of member groups within the {@link NestedGroupLimits}; a user reached several ways gets each grant once,
     * at the highest level. A cycle is refused (400 {@code invalidValue} naming it).
     */
    FLATTEN,
    /** Refuse a group as a member: 400 {@code invalidValue}, as before nested groups were supported. */
    REJECT
}
