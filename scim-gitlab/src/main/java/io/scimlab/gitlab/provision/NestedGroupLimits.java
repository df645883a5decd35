package io.scimlab.gitlab.provision;

/**
 * How far nested SCIM groups may go ({@link NestedGroupPolicy#FLATTEN}): a change beyond a limit is refused with
 * 400 {@code invalidValue} before any GitLab call. The limits keep the work of one group change bounded: it reads
 * the groups above and below the one that changed.
 *
 * @param maxDepth        the most groups in one chain of nesting, the outermost and the innermost included (a group
 *                        in a group in a group: 3)
 * @param maxMemberGroups the most member groups one group may have (its fan-out)
 */
public record NestedGroupLimits(int maxDepth, int maxMemberGroups) {
    private static final NestedGroupLimits DEFAULTS = new NestedGroupLimits(10, 500);

    /**
     * Checks the limits.
     *
     * @param maxDepth        at least 1 (1: no nesting at all)
     * @param maxMemberGroups at least 1
     */
    public NestedGroupLimits {
        if (maxDepth < 1 || maxMemberGroups < 1) {
            throw new IllegalArgumentException("nested group limits must be at least 1");
        }
    }

    /**
     * Chains of at most 10 groups, at most 500 member groups per group: beyond what directories nest (Active
     * Directory's own tools warn long before), within what one request should read.
     *
     * @return the defaults
     */
    public static NestedGroupLimits defaults() {
        return DEFAULTS;
    }
}
