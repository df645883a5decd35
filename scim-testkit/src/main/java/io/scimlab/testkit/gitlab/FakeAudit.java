package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeApi.JSON;
import static io.scimlab.testkit.gitlab.FakeState.now;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.testkit.gitlab.FakeApi.Req;
import io.scimlab.testkit.gitlab.FakeApi.Resp;
import io.scimlab.testkit.gitlab.FakeState.Group;
import io.scimlab.testkit.gitlab.FakeState.User;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** GitLab's audit events: recorded by the other concepts, listed instance-wide (admin) or per group. */
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
        n.put("created_at", now().toString());
        state.events.put(id, n);
        if (groupId != null) {
            state.eventGroups.put(id, groupId);
        }
    }

    /** {@code GET /audit_events}. */
    Resp instanceEvents(Req r, User me) {
        if (!me.admin) {
            throw FakeError.message(403, "403 Forbidden");
        }
        return rest.page(r, new ArrayList<>(state.events.values()));
    }

    /** {@code GET /groups/:id/audit_events}: the group's and its descendants' events. */
    Resp groupEvents(Req r, Group g) {
        List<JsonNode> mine = new ArrayList<>();
        state.events.forEach((id, e) -> {
            Long eg = state.eventGroups.get(id);
            if (eg != null && (eg == g.id || state.isAncestor(g.id, state.groups.get(eg)))) {
                mine.add(e);
            }
        });
        return rest.page(r, mine);
    }
}
