package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeApi.JSON;
import static io.scimlab.testkit.gitlab.FakeRest.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.testkit.gitlab.FakeApi.Req;
import io.scimlab.testkit.gitlab.FakeApi.Resp;
import io.scimlab.testkit.gitlab.FakeState.Group;
import io.scimlab.testkit.gitlab.FakeState.User;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * GitLab's audit events ({@code ee/lib/api/audit_events.rb}): recorded by the other concepts, listed instance-wide
 * (administrators) or per group, newest first; keyset pagination only in that order
 * ({@code lib/gitlab/pagination/cursor_based_keyset.rb}: {@code AuditEvent => { id: :desc }}).
 */
final class FakeAudit {
    private final FakeState state;
    private final FakeRest rest;

    FakeAudit(FakeState state, FakeRest rest) {
        this.state = state;
        this.rest = rest;
    }

    void record(User author, long entityId, String entityType, String event, String message,
            @Nullable Long groupId) {
        ObjectNode n = JSON.objectNode();
        long id = state.nextEventId++;
        n.put("id", id).put("author_id", author.id).put("entity_id", groupId != null ? groupId : entityId)
                .put("entity_type", groupId != null ? "Group" : entityType).put("event_name", event);
        n.putObject("details").put("custom_message", message).put("author_name", author.name)
                .put("author_class", "User").put("target_id", entityId).put("target_type", entityType)
                .put("ip_address", "127.0.0.1");
        n.put("created_at", state.now().toString());
        state.events.put(id, n);
        if (groupId != null) {
            state.eventGroups.put(id, groupId);
        }
    }

    /** {@code GET /audit_events}: administrators only. */
    Resp instanceEvents(Req r, User me) {
        if (!state.isAdmin(me)) {
            throw FakeError.message(403, "403 Forbidden");
        }
        return list(r, new ArrayList<>(state.events.descendingMap().values()));
    }

    /** {@code GET /groups/:id/audit_events}: the group's and its descendants' events. */
    Resp groupEvents(Req r, Group g) {
        List<ObjectNode> mine = new ArrayList<>();
        state.events.descendingMap().forEach((id, e) -> {
            Long eg = state.eventGroups.get(id);
            if (eg != null && state.isAncestor(g.id, state.groups.get(eg))) {
                mine.add(e);
            }
        });
        return list(r, mine);
    }

    private Resp list(Req r, List<ObjectNode> newestFirst) {
        if ("keyset".equals(str(r.params(), "pagination").orElse(""))) {
            // CursorBasedRequestContext defaults to order_by=id, sort=desc; nothing else is supported.
            if (!str(r.params(), "order_by").orElse("id").equals("id")
                    || !str(r.params(), "sort").orElse("desc").equals("desc")) {
                throw FakeRest.keysetUnavailable();
            }
            return rest.keyset(r, newestFirst, e -> e.path("id").asLong(), e -> e.path("id").asLong(), "id", true,
                    e -> e);
        }
        return rest.page(r, newestFirst);
    }
}
