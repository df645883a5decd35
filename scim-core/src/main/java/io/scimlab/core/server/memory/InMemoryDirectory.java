package io.scimlab.core.server.memory;

import io.scimlab.core.schema.SchemaRegistry;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A User and a Group {@link InMemoryProvider} wired together: {@code userName} unique (case-insensitive),
 * group {@code displayName} unique, {@code eq} on {@code userName} / {@code externalId} / {@code displayName}
 * answered from an index, a group member must be an existing user or group (400 {@code invalidValue}), and
 * deleting a user or group removes it from every group.
 */
public final class InMemoryDirectory {
    private final InMemoryProvider users;
    private final InMemoryProvider groups;

    private InMemoryDirectory(SchemaRegistry registry) {
        // The two providers refer to each other; groups exists by the time any callback runs (after construction).
        AtomicReference<InMemoryProvider> groupsRef = new AtomicReference<>();
        Supplier<InMemoryProvider> groupsLater = () -> Objects.requireNonNull(groupsRef.get(), "groups");
        this.users = InMemoryProvider.builder(registry, registry.requireResourceType("User"))
                .unique("userName").index("externalId")
                .onDelete(id -> groupsLater.get().removeReferences("members", id))
                .build();
        this.groups = InMemoryProvider.builder(registry, registry.requireResourceType("Group"))
                .unique("displayName").index("externalId")
                .references("members", id -> users.contains(id) || groupsLater.get().contains(id))
                .onDelete(id -> groupsLater.get().removeReferences("members", id))
                .build();
        groupsRef.set(groups);
    }

    /**
     * A directory for the User and Group resource types of a registry.
     *
     * @param registry the schemas (must define User and Group)
     * @return the directory
     */
    public static InMemoryDirectory create(SchemaRegistry registry) {
        return new InMemoryDirectory(registry);
    }

    /** A directory for the standard schemas. */
    public static InMemoryDirectory create() {
        return create(SchemaRegistry.standard());
    }

    /** The User provider. */
    public InMemoryProvider users() {
        return users;
    }

    /** The Group provider. */
    public InMemoryProvider groups() {
        return groups;
    }
}
