package io.scimlab.core.patch;

/**
 * How PATCH and PUT treat what identity providers send where it departs from RFC 7644. Each switch is on in
 * {@link #lenient()} (the default, for Okta, Microsoft Entra ID and the rest) and off in
 * {@link #strictRfc()}. Options belong to an engine instance; there are no global switches.
 *
 * @param caseInsensitiveOps accept {@code Add}, {@code Replace}, {@code Remove} (Entra) as well as lower case
 * @param coerceValues read values leniently as {@link io.scimlab.core.resource.ResourceReader} does: string
 *     booleans ({@code "False"}), a bare string for a complex value with {@code value} (a manager id), a
 *     single value for a multi-valued attribute
 * @param pathKeysInValue in an operation without path, accept keys that are paths ({@code "name.givenName"},
 *     {@code "urn:...:User:employeeNumber"}) and land them nested
 * @param createOnAbsent {@code add}/{@code replace} on {@code emails[type eq "work"].value} create the work
 *     email when there is none (later ones on the same filter then update that one element)
 * @param removeByValue {@code remove} on {@code members} with a value list removes only those members
 *     (Entra without {@code aadOptscim062020}); strict mode rejects a remove with a value
 * @param tolerateUnchangedReadOnly a value that repeats a read-only attribute unchanged (Okta's group replace
 *     carrying the group's {@code id}) is ignored; a changed one is always 400 {@code mutability}
 * @param emptyValueClears {@code add}/{@code replace} with {@code ""} or {@code null} remove the attribute
 * @param allowEmptyOperations an empty {@code Operations} list is a no-op (Entra's validator sends one)
 *     instead of 400 {@code invalidSyntax}
 * @param requireSchemas the request must carry the PatchOp schema URN (strict only)
 */
public record PatchOptions(boolean caseInsensitiveOps, boolean coerceValues, boolean pathKeysInValue,
        boolean createOnAbsent, boolean removeByValue, boolean tolerateUnchangedReadOnly, boolean emptyValueClears,
        boolean allowEmptyOperations, boolean requireSchemas) {

    private static final PatchOptions LENIENT = new PatchOptions(true, true, true, true, true, true, true, true,
            false);
    private static final PatchOptions STRICT = new PatchOptions(false, false, false, false, false, false, false,
            false, true);

    /** Every compatibility switch on: what real identity providers need. The default. */
    public static PatchOptions lenient() {
        return LENIENT;
    }

    /** Every compatibility switch off: RFC 7644 to the letter. */
    public static PatchOptions strictRfc() {
        return STRICT;
    }

    /**
     * A copy with {@link #caseInsensitiveOps} set.
     *
     * @param value the switch
     * @return the options
     */
    public PatchOptions withCaseInsensitiveOps(boolean value) {
        return new PatchOptions(value, coerceValues, pathKeysInValue, createOnAbsent, removeByValue,
                tolerateUnchangedReadOnly, emptyValueClears, allowEmptyOperations, requireSchemas);
    }

    /**
     * A copy with {@link #createOnAbsent} set.
     *
     * @param value the switch
     * @return the options
     */
    public PatchOptions withCreateOnAbsent(boolean value) {
        return new PatchOptions(caseInsensitiveOps, coerceValues, pathKeysInValue, value, removeByValue,
                tolerateUnchangedReadOnly, emptyValueClears, allowEmptyOperations, requireSchemas);
    }

    /**
     * A copy with {@link #removeByValue} set.
     *
     * @param value the switch
     * @return the options
     */
    public PatchOptions withRemoveByValue(boolean value) {
        return new PatchOptions(caseInsensitiveOps, coerceValues, pathKeysInValue, createOnAbsent, value,
                tolerateUnchangedReadOnly, emptyValueClears, allowEmptyOperations, requireSchemas);
    }

    /**
     * A copy with {@link #allowEmptyOperations} set.
     *
     * @param value the switch
     * @return the options
     */
    public PatchOptions withAllowEmptyOperations(boolean value) {
        return new PatchOptions(caseInsensitiveOps, coerceValues, pathKeysInValue, createOnAbsent, removeByValue,
                tolerateUnchangedReadOnly, emptyValueClears, value, requireSchemas);
    }
}
