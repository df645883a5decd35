package io.scimlab.core.schema;

import io.scimlab.core.error.ScimException;

/** Case-insensitive lookup of the schema characteristic enums by their RFC keyword. */
final class Keywords {
    private Keywords() {}

    /** An enum constant spelled in a schema by an RFC keyword. */
    interface Keyworded {
        String keyword();
    }

    static <E extends Enum<E> & Keyworded> E find(Class<E> type, String keyword) {
        for (E value : type.getEnumConstants()) {
            if (value.keyword().equalsIgnoreCase(keyword)) {
                return value;
            }
        }
        throw ScimException.invalidValue("unknown " + type.getSimpleName() + " value \"" + keyword + "\"");
    }
}
