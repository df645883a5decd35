package io.scimlab.benchmarks.provision;

import io.scimlab.gitlab.state.GroupRecord;
import io.scimlab.gitlab.state.ManagedMembership;
import io.scimlab.gitlab.state.PendingWrite;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.UserRecord;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A store that measures how long the bridge holds its exclusive section ({@link StateStore#exclusive}), the
 * outermost one per thread (the section is reentrant): every write of the bridge, the reconciler's steps included,
 * runs inside it, and every lock the bridge takes is taken inside it. Everything else is delegated.
 */
final class TimedStateStore implements StateStore {
    private final StateStore delegate;
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);
    private final AtomicLong longest = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong count = new AtomicLong();

    TimedStateStore(StateStore delegate) {
        this.delegate = delegate;
    }

    void resetTimes() {
        longest.set(0);
        total.set(0);
        count.set(0);
    }

    long longestNanos() {
        return longest.get();
    }

    long totalNanos() {
        return total.get();
    }

    long sections() {
        return count.get();
    }

    @Override
    public <T> T exclusive(Supplier<T> work) {
        return delegate.exclusive(() -> {
            int[] d = depth.get();
            if (d[0]++ > 0) {
                try {
                    return work.get();
                } finally {
                    d[0]--;
                }
            }
            long start = System.nanoTime();
            try {
                return work.get();
            } finally {
                d[0]--;
                long held = System.nanoTime() - start;
                total.addAndGet(held);
                count.incrementAndGet();
                longest.accumulateAndGet(held, Math::max);
            }
        });
    }

    @Override
    public Optional<UserRecord> user(String scimId) {
        return delegate.user(scimId);
    }

    @Override
    public Optional<UserRecord> userByExternalId(String externalId) {
        return delegate.userByExternalId(externalId);
    }

    @Override
    public Optional<UserRecord> userByUserName(String userName) {
        return delegate.userByUserName(userName);
    }

    @Override
    public void putUser(UserRecord user) {
        delegate.putUser(user);
    }

    @Override
    public void removeUser(String scimId) {
        delegate.removeUser(scimId);
    }

    @Override
    public Stream<UserRecord> users() {
        return delegate.users();
    }

    @Override
    public Optional<GroupRecord> group(String scimId) {
        return delegate.group(scimId);
    }

    @Override
    public boolean putGroup(GroupRecord group, long expectedVersion) {
        return delegate.putGroup(group, expectedVersion);
    }

    @Override
    public boolean removeGroup(String scimId, long expectedVersion) {
        return delegate.removeGroup(scimId, expectedVersion);
    }

    @Override
    public Stream<GroupRecord> groups() {
        return delegate.groups();
    }

    @Override
    public List<GroupRecord> groupsOf(String userScimId) {
        return delegate.groupsOf(userScimId);
    }

    @Override
    public List<GroupRecord> parentsOf(String groupScimId) {
        return delegate.parentsOf(groupScimId);
    }

    @Override
    public List<ManagedMembership> managedOf(long gitlabUserId) {
        return delegate.managedOf(gitlabUserId);
    }

    @Override
    public void putManaged(ManagedMembership membership) {
        delegate.putManaged(membership);
    }

    @Override
    public void removeManaged(long gitlabUserId, String path) {
        delegate.removeManaged(gitlabUserId, path);
    }

    @Override
    public Stream<ManagedMembership> managed() {
        return delegate.managed();
    }

    @Override
    public void putPending(Collection<PendingWrite> writes) {
        delegate.putPending(writes);
    }

    @Override
    public Optional<PendingWrite> pending(String kind, String key) {
        return delegate.pending(kind, key);
    }

    @Override
    public List<PendingWrite> pendingOfKind(String kind) {
        return delegate.pendingOfKind(kind);
    }

    @Override
    public void removePending(String kind, Collection<String> keys) {
        delegate.removePending(kind, keys);
    }

    @Override
    public int removePendingBefore(Instant cutoff) {
        return delegate.removePendingBefore(cutoff);
    }
}
