package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeRest.notAllowed;

import io.scimlab.testkit.gitlab.FakeApi.Req;
import io.scimlab.testkit.gitlab.FakeApi.Resp;
import io.scimlab.testkit.gitlab.FakeState.Project;
import io.scimlab.testkit.gitlab.FakeState.Source;
import io.scimlab.testkit.gitlab.FakeState.User;
import java.util.List;

/**
 * Projects as membership targets ({@code lib/api/projects.rb}, {@code lib/api/members.rb}): a project belongs to a
 * group and inherits the members of the group and its ancestors; a direct membership below an inherited one is
 * refused ({@code Member#higher_access_level_than_group}).
 */
final class FakeProjects {
    private final FakeState state;
    private final FakeViews views;
    private final FakeMembers members;

    FakeProjects(FakeState state, FakeViews views, FakeMembers members) {
        this.state = state;
        this.views = views;
        this.members = members;
    }

    long seedProject(long groupId, String path) {
        state.group(groupId);
        boolean taken = state.projects.values().stream().anyMatch(p -> p.groupId == groupId
                && p.path.equalsIgnoreCase(path));
        if (taken) {
            throw new IllegalArgumentException("path taken in that group: " + path);
        }
        Project p = new Project(state.nextProjectId++, path, path, groupId, state.now());
        state.projects.put(p.id, p);
        return p.id;
    }

    /** {@code /projects/:id/...} (id or URL-encoded full path); {@code p} is what follows the id. */
    Resp projectRoutes(Req r, User me, String idOrPath, List<String> p) {
        Project project = state.project404(idOrPath);
        if (p.isEmpty()) {
            return r.method().equals("GET") ? Resp.of(200, views.project(project)) : notAllowed();
        }
        if (p.get(0).equals("members")) {
            return members.routes(r, me, Source.project(project.id), p);
        }
        throw FakeError.error(404, "404 Not Found");
    }
}
