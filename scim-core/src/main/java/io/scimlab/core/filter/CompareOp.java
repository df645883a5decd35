package io.scimlab.core.filter;

import org.jspecify.annotations.Nullable;

/** The comparison operators of RFC 7644 §3.4.2.2 (without {@code pr}, which is {@link Present}). */
public enum CompareOp {
    /** Equal. */
    EQ("eq"),
    /** Not equal: the negation of {@link #EQ}, so also true when the attribute has no value. */
    NE("ne"),
    /** Contains (strings only). */
    CO("co"),
    /** Starts with (strings only). */
    SW("sw"),
    /** Ends with (strings only). */
    EW("ew"),
    /** Greater than (strings, numbers, dateTimes). */
    GT("gt"),
    /** Greater than or equal. */
    GE("ge"),
    /** Less than. */
    LT("lt"),
    /** Less than or equal. */
    LE("le");

    private final String keyword;

    CompareOp(String keyword) {
        this.keyword = keyword;
    }

    /** The operator as a filter writes it, in lower case. */
    public String keyword() {
        return keyword;
    }

    /** Whether this is one of the ordering operators {@code gt ge lt le}. */
    public boolean isOrdering() {
        return this == GT || this == GE || this == LT || this == LE;
    }

    /** Whether this is one of the substring operators {@code co sw ew}. */
    public boolean isSubstring() {
        return this == CO || this == SW || this == EW;
    }

    /**
     * Finds the operator spelled by two characters of a text, ignoring case, without allocating.
     *
     * @param text the text
     * @param at the index of the first character
     * @return the operator, or null when those characters spell none
     */
    static @Nullable CompareOp find(String text, int at) {
        char a = (char) (text.charAt(at) | 0x20);
        char b = (char) (text.charAt(at + 1) | 0x20);
        return switch (a) {
            case 'e' -> b == 'q' ? EQ : b == 'w' ? EW : null;
            case 'n' -> b == 'e' ? NE : null;
            case 'c' -> b == 'o' ? CO : null;
            case 's' -> b == 'w' ? SW : null;
            case 'g' -> b == 't' ? GT : b == 'e' ? GE : null;
            case 'l' -> b == 't' ? LT : b == 'e' ? LE : null;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return keyword;
    }
}
