package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.UserRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The user records one request works with, each read from the store at most once: with a JDBC store every read is
 * a round trip under the row lock of the write section. Not thread-safe; one per request (or per reconcile step).
 * A record the request is about to store is put in first, so the plan sees it as if stored.
 */
final class UserRecords {
    private final StateStore store;
    private final Map<String, Optional<UserRecord>> byScimId = new HashMap<>();

    UserRecords(StateStore store) {
        this.store = store;
    }

    /** A record the request has read or is about to store, so later reads see it. */
    UserRecords with(UserRecord record) {
        byScimId.put(record.scimId(), Optional.of(record));
        return this;
    }

    Optional<UserRecord> get(String scimId) {
        return byScimId.computeIfAbsent(scimId, store::user);
    }

    /** The GitLab user id behind a SCIM user id: the record's, or the id itself for unrecorded GitLab users. */
    OptionalLong gitlabId(String scimId) {
        Optional<UserRecord> rec = get(scimId);
        if (rec.isPresent()) {
            return OptionalLong.of(rec.get().gitlabUserId());
        }
        try {
            return OptionalLong.of(Long.parseLong(scimId));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The SCIM id of a GitLab user, from the records this request has read (no store access): the id of the one
     * that holds it, else the GitLab id itself (the id a new account gets).
     */
    String scimIdOf(long gitlabUserId) {
        for (Optional<UserRecord> r : byScimId.values()) {
            if (r.isPresent() && r.get().gitlabUserId() == gitlabUserId) {
                return r.get().scimId();
            }
        }
        return Long.toString(gitlabUserId);
    }

    /** The record of a GitLab user: usually under the GitLab id as SCIM id, rarely (re-created account) not. */
    Optional<UserRecord> byGitLabId(long gitlabUserId) {
        Optional<UserRecord> direct = get(Long.toString(gitlabUserId)).filter(r -> r.gitlabUserId() == gitlabUserId);
        if (direct.isPresent()) {
            return direct;
        }
        // Rare: an account re-created under an older SCIM id.
        try (Stream<UserRecord> all = store.users()) {
            Optional<UserRecord> found = all.filter(r -> r.gitlabUserId() == gitlabUserId).findFirst();
            found.ifPresent(this::with);
            return found;
        }
    }
}
