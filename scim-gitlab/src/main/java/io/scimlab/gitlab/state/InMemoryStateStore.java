package io.scimlab.gitlab.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A {@link StateStore} in memory, for tests, the sandbox and single-node deployments that rebuild state with the
 * reconciler after a restart. One lock guards the data; writers lock by key ({@link #locked}, 30 seconds' wait);
 * streams are snapshots.
 */
public final class InMemoryStateStore implements StateStore {
    private final Object lock = new Object();
    // Held for a whole SCIM write, by key, so several bridges sharing this store lock like one (see StateStore).
    private final KeyedLocks writes = new KeyedLocks(Duration.ofSeconds(30));
    private final Map<String, UserRecord> users = new LinkedHashMap<>();
    private final Map<String, String> byUserName = new HashMap<>();
    private final Map<String, String> byExternalId = new HashMap<>();
    private final Map<String, GroupRecord> groups = new LinkedHashMap<>();
    // user SCIM id -> group ids: keeps groupsOf() independent of the number of groups.
    private final Map<String, Set<String>> memberOf = new HashMap<>();
    // group SCIM id -> ids of the groups that have it as a member group: parentsOf() without a scan.
    private final Map<String, Set<String>> parentOf = new HashMap<>();
    private final Map<Long, Map<String, ManagedMembership>> managed = new HashMap<>();
    // kind -> key -> record
    private final Map<String, Map<String, PendingWrite>> pending = new HashMap<>();

    /** An empty store. */
    public InMemoryStateStore() {
    }

    @Override
    public Optional<UserRecord> user(String scimId) {
        synchronized (lock) {
            return Optional.ofNullable(users.get(scimId));
        }
    }

    @Override
    public Optional<UserRecord> userByExternalId(String externalId) {
        synchronized (lock) {
            String id = byExternalId.get(externalId);
            return id == null ? Optional.empty() : Optional.ofNullable(users.get(id));
        }
    }

    @Override
    public Optional<UserRecord> userByUserName(String userName) {
        synchronized (lock) {
            String id = byUserName.get(userName.toLowerCase(Locale.ROOT));
            return id == null ? Optional.empty() : Optional.ofNullable(users.get(id));
        }
    }

    @Override
    public void putUser(UserRecord user) {
        synchronized (lock) {
            unindex(users.put(user.scimId(), user));
            byUserName.put(user.userName().toLowerCase(Locale.ROOT), user.scimId());
            user.externalId().ifPresent(e -> byExternalId.put(e, user.scimId()));
        }
    }

    private void unindex(@Nullable UserRecord old) {
        if (old != null) {
            byUserName.remove(old.userName().toLowerCase(Locale.ROOT), old.scimId());
            old.externalId().ifPresent(e -> byExternalId.remove(e, old.scimId()));
        }
    }

    @Override
    public void removeUser(String scimId) {
        synchronized (lock) {
            unindex(users.remove(scimId));
        }
    }

    @Override
    public Stream<UserRecord> users() {
        synchronized (lock) {
            return new ArrayList<>(users.values()).stream();
        }
    }

    @Override
    public Optional<GroupRecord> group(String scimId) {
        synchronized (lock) {
            return Optional.ofNullable(groups.get(scimId));
        }
    }

    @Override
    public boolean putGroup(GroupRecord group, long expectedVersion) {
        synchronized (lock) {
            GroupRecord old = groups.get(group.scimId());
            long current = old == null ? 0 : old.version();
            if (current != expectedVersion) {
                return false;
            }
            if (old != null) {
                unindexGroup(old);
            }
            groups.put(group.scimId(), group);
            group.members().forEach(m -> memberOf.computeIfAbsent(m, k -> new HashSet<>()).add(group.scimId()));
            group.memberGroups().forEach(m -> parentOf.computeIfAbsent(m, k -> new HashSet<>()).add(group.scimId()));
            return true;
        }
    }

    @Override
    public boolean removeGroup(String scimId, long expectedVersion) {
        synchronized (lock) {
            GroupRecord old = groups.get(scimId);
            if (old == null || old.version() != expectedVersion) {
                return false;
            }
            groups.remove(scimId);
            unindexGroup(old);
            return true;
        }
    }

    private void unindexGroup(GroupRecord old) {
        old.members().forEach(m -> memberOf.getOrDefault(m, new HashSet<>()).remove(old.scimId()));
        old.memberGroups().forEach(m -> parentOf.getOrDefault(m, new HashSet<>()).remove(old.scimId()));
    }

    @Override
    public Stream<GroupRecord> groups() {
        synchronized (lock) {
            return new ArrayList<>(groups.values()).stream();
        }
    }

    @Override
    public List<GroupRecord> groupsOf(String userScimId) {
        synchronized (lock) {
            List<GroupRecord> out = new ArrayList<>();
            for (String id : memberOf.getOrDefault(userScimId, Set.of())) {
                GroupRecord g = groups.get(id);
                if (g != null) {
                    out.add(g);
                }
            }
            return out;
        }
    }

    @Override
    public List<GroupRecord> parentsOf(String groupScimId) {
        synchronized (lock) {
            List<GroupRecord> out = new ArrayList<>();
            for (String id : parentOf.getOrDefault(groupScimId, Set.of())) {
                GroupRecord g = groups.get(id);
                if (g != null) {
                    out.add(g);
                }
            }
            return out;
        }
    }

    @Override
    public List<ManagedMembership> managedOf(long gitlabUserId) {
        synchronized (lock) {
            return new ArrayList<>(managed.getOrDefault(gitlabUserId, Map.of()).values());
        }
    }

    @Override
    public void putManaged(ManagedMembership membership) {
        synchronized (lock) {
            managed.computeIfAbsent(membership.gitlabUserId(), k -> new LinkedHashMap<>())
                    .put(membership.path(), membership);
        }
    }

    @Override
    public void removeManaged(long gitlabUserId, String path) {
        synchronized (lock) {
            Map<String, ManagedMembership> m = managed.get(gitlabUserId);
            if (m != null) {
                m.remove(path);
                if (m.isEmpty()) {
                    managed.remove(gitlabUserId);
                }
            }
        }
    }

    @Override
    public Stream<ManagedMembership> managed() {
        synchronized (lock) {
            List<ManagedMembership> all = new ArrayList<>();
            managed.values().forEach(m -> all.addAll(m.values()));
            return all.stream();
        }
    }

    @Override
    public void putPending(Collection<PendingWrite> writes) {
        synchronized (lock) {
            for (PendingWrite w : writes) {
                pending.computeIfAbsent(w.kind(), k -> new HashMap<>()).put(w.key(), w);
            }
        }
    }

    @Override
    public Optional<PendingWrite> pending(String kind, String key) {
        synchronized (lock) {
            return Optional.ofNullable(pending.getOrDefault(kind, Map.of()).get(key));
        }
    }

    @Override
    public List<PendingWrite> pendingOfKind(String kind) {
        synchronized (lock) {
            List<PendingWrite> out = new ArrayList<>(pending.getOrDefault(kind, Map.of()).values());
            out.sort(Comparator.comparing(PendingWrite::created).thenComparing(PendingWrite::key));
            return out;
        }
    }

    @Override
    public void removePending(String kind, Collection<String> keys) {
        synchronized (lock) {
            Map<String, PendingWrite> of = pending.get(kind);
            if (of != null) {
                keys.forEach(of::remove);
                if (of.isEmpty()) {
                    pending.remove(kind);
                }
            }
        }
    }

    @Override
    public int removePendingBefore(Instant cutoff) {
        synchronized (lock) {
            int removed = 0;
            for (Map<String, PendingWrite> of : pending.values()) {
                int before = of.size();
                of.values().removeIf(w -> w.created().isBefore(cutoff));
                removed += before - of.size();
            }
            pending.values().removeIf(Map::isEmpty);
            return removed;
        }
    }

    @Override
    public <T> T locked(Set<LockKey> keys, Supplier<T> work) {
        return writes.locked(keys, work);
    }

    @Override
    public <T> T exclusive(Supplier<T> work) {
        return writes.exclusive(work);
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "InMemoryStateStore[" + users.size() + " users, " + groups.size() + " groups]";
        }
    }
}
