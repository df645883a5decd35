package io.scimlab.core.patch;

/** The operation of a PATCH operation (RFC 7644 §3.5.2). */
public enum PatchOp {
    /** Adds values: appends to multi-valued attributes, sets single-valued ones, merges complex ones. */
    ADD("add"),
    /** Removes an attribute, a sub-attribute, or the values a filter selects. */
    REMOVE("remove"),
    /** Replaces an attribute, a sub-attribute, or the values a filter selects. */
    REPLACE("replace");

    private final String keyword;

    PatchOp(String keyword) {
        this.keyword = keyword;
    }

    /** The keyword as RFC 7644 writes it: {@code add}, {@code remove} or {@code replace}. */
    public String keyword() {
        return keyword;
    }

    @Override
    public String toString() {
        return keyword;
    }
}
