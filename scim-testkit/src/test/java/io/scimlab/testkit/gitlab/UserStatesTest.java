package io.scimlab.testkit.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.testkit.gitlab.Wire.Answer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** User states: deactivation of dormant users only, reactivation by signing in, the state machine, refused tokens. */
class UserStatesTest {
    private TestClock clock;
    private FakeGitLab fake;
    private Wire wire;

    @BeforeEach
    void start() {
        clock = TestClock.atMinuteStart();
        fake = FakeGitLab.builder().clock(clock).start();
        wire = new Wire(fake);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private Answer action(long user, String action) {
        return wire.post("/api/v4/users/" + user + "/" + action, "");
    }

    @Test
    @DisplayName("app/services/users/deactivate_service.rb: a user active within the dormant period cannot be "
            + "deactivated (API use and sign-ins are activity)")
    void recentlyActiveUserCannotBeDeactivated() {
        long ann = fake.seedUser("ann", "ann@corp.test");
        String token = fake.seedToken(ann);
        assertThat(wire.get("/api/v4/user", token).status()).isEqualTo(200);

        Answer refused = action(ann, "deactivate");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.message()).isEqualTo("The user you are trying to deactivate has been active in the past "
                + "90 days and cannot be deactivated");
        assertThat(fake.userState(ann)).contains("active");

        clock.advance(Duration.ofDays(91));
        assertThat(action(ann, "deactivate").text()).isEqualTo("true");
        assertThat(fake.userState(ann)).contains("deactivated");
        assertThat(action(ann, "deactivate").text()).isEqualTo("null");
    }

    @Test
    @DisplayName("app/models/user.rb can_be_deactivated?: a user never active may be deactivated at once; a "
            + "sign-in counts as activity")
    void neverActiveUserMayBeDeactivated() {
        long bob = fake.seedUser("bob", "bob@corp.test");
        long cyd = fake.seedUser("cyd", "cyd@corp.test");
        fake.signIn(cyd);
        assertThat(action(bob, "deactivate").status()).isEqualTo(201);
        assertThat(action(cyd, "deactivate").status()).isEqualTo(403);
        try (FakeGitLab shortPeriod = FakeGitLab.builder().clock(clock).deactivateDormantUsersPeriodDays(1).start()) {
            long dee = shortPeriod.seedUser("dee", "dee@corp.test");
            shortPeriod.seedLastActivity(dee, java.time.LocalDate.parse("2025-03-01"));
            assertThat(new Wire(shortPeriod).post("/api/v4/users/" + dee + "/deactivate", "").status())
                    .isEqualTo(201);
        }
    }

    @Test
    @DisplayName("lib/api/api_guard.rb + lib/gitlab/auth/user_access_denied_reason.rb: a deactivated user's token "
            + "is refused with 403; signing in reactivates")
    void deactivatedUsersTokenIsRefusedUntilSignIn() {
        long ann = fake.seedUser("ann", "ann@corp.test");
        String token = fake.seedToken(ann);
        fake.seedUserState(ann, "deactivated");

        Answer refused = wire.get("/api/v4/user", token);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.message()).isEqualTo("403 Forbidden - Your account has been deactivated by your "
                + "administrator. Please log back in from a web browser to reactivate your account at "
                + fake.externalUrl());
        fake.signIn(ann);
        assertThat(fake.userState(ann)).contains("active");
        assertThat(wire.get("/api/v4/user", token).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("lib/gitlab/auth/user_access_denied_reason.rb: blocked, banned and pending users' tokens get 403")
    @CsvSource(delimiter = '|', value = {
        "blocked|403 Forbidden - Your account has been blocked.",
        "ldap_blocked|403 Forbidden - Your account has been blocked.",
        "banned|403 Forbidden - Your account has been blocked.",
        "blocked_pending_approval|403 Forbidden - Your account is pending approval from your administrator and hence "
                + "blocked."})
    void blockedUsersTokensAreRefused(String state, String message) {
        long u = fake.seedUser("u", "u@corp.test");
        String token = fake.seedToken(u);
        fake.seedUserState(u, state);
        Answer r = wire.get("/api/v4/groups", token);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.message()).isEqualTo(message);
        assertThatThrownBy(() -> fake.signIn(u)).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest(name = "{1} from {0}")
    @DisplayName("lib/api/users.rb + app/services/users/*_service.rb: the state transitions and their answers")
    @CsvSource(delimiter = '|', value = {
        "active|block|201|true|blocked",
        "deactivated|block|201|true|blocked",
        "banned|block|201|null|banned",
        "blocked_pending_approval|block|201|null|blocked_pending_approval",
        "blocked|unblock|201|true|active",
        "banned|unblock|201|true|active",
        "active|unblock|201|false|active",
        "deactivated|unblock|403|403 Forbidden - Deactivated users cannot be unblocked by the API|deactivated",
        "banned|deactivate|403|Error occurred. A blocked user cannot be deactivated|banned",
        "blocked_pending_approval|activate|403|Error occurred. A blocked user must be unblocked to be activated"
                + "|blocked_pending_approval",
        "active|activate|201|true|active",
        "deactivated|activate|201|true|active",
        "active|ban|201|true|banned",
        "blocked|ban|403|You cannot ban blocked users.|blocked",
        "banned|unban|201|true|active",
        "active|unban|403|You cannot unban active users.|active"})
    void transitions(String from, String action, int status, String answer, String to) {
        long u = fake.seedUser("u", "u@corp.test");
        fake.seedUserState(u, from);
        Answer r = action(u, action);
        assertThat(r.status()).isEqualTo(status);
        assertThat(status == 201 ? r.text() : r.message()).isEqualTo(answer);
        assertThat(fake.userState(u)).contains(to);
    }

    @Test
    @DisplayName("lib/api/users.rb: an admin cannot block themselves; unknown users are 404; non-admins 403")
    void guards() {
        assertThat(action(fake.adminUserId(), "block").message())
                .isEqualTo("403 Forbidden - The API initiating user cannot be blocked by the API");
        assertThat(action(999, "block").message()).isEqualTo("404 User Not Found");
        long u = fake.seedUser("u", "u@corp.test");
        Answer r = wire.rest("POST", "/api/v4/users/1/block", fake.seedToken(u), "");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.message()).isEqualTo("403 Forbidden");
    }
}
