package io.scimlab.core.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResourceValidationTest {
    private static ScimException violation(Object resource) {
        try {
            ResourceValidation.validate(resource);
        } catch (ScimException e) {
            return e;
        }
        throw new AssertionError("expected a violation");
    }

    @Test
    void validUserPasses() {
        User user = User.builder().userName("bjensen").addEmail(Email.of("b@example.com", "work", true))
                .name(Name.of("Barbara", "Jensen")).active(true).build();
        assertThat(ResourceValidation.validate(user)).isSameAs(user);
    }

    @Test
    void blankUserNameNamesTheAttribute() {
        ScimException e = violation(User.builder().userName(" ").build());
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.scimType()).contains(ScimType.INVALID_VALUE);
        assertThat(e.detail()).startsWith("userName: must not be blank");
    }

    @Test
    void malformedEmailNamesTheIndex() {
        User user = User.builder().userName("b").addEmail(Email.of("b@example.com", "work", false))
                .addEmail(Email.of("not an email", "home", false)).build();
        assertThat(violation(user).detail()).startsWith("emails[1].value: must be a well-formed email address");
    }

    @Test
    void twoPrimaryValuesAreRejected() {
        User user = User.builder().userName("b").addEmail(Email.of("a@example.com", "work", true))
                .addEmail(Email.of("b@example.com", "home", true)).build();
        assertThat(violation(user).detail()).contains("at most one value");
    }

    @Test
    void groupMembersNeedAValue() {
        Group group = Group.builder().displayName("G").addMember(ResourceRef.of("")).build();
        assertThat(violation(group).detail()).startsWith("members[0].value: must not be blank");
        assertThat(violation(Group.builder().displayName("").build()).detail()).startsWith("displayName");
    }

    @Test
    void builderRoundTripsAndNullUnsets() {
        User user = User.builder().userName("b").title("Boss").enterprise(new EnterpriseUser(Optional.of("7"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Manager.of("m1")))).build();
        assertThat(user.toBuilder().build()).isEqualTo(user);
        assertThat(user.toBuilder().title(null).build().title()).isEmpty();
        assertThat(User.fromResource(user.toResource())).isEqualTo(user);
        assertThat(user.toResource().schemas()).containsExactly("urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertThatThrownBy(() -> User.builder().userName(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void typedViewsOfHandBuiltResourcesAreReadCaseInsensitively() {
        ScimResource handBuilt = ScimResource.of(Fixtures.parse(Fixtures.q(
                "{'USERNAME':'bjensen','Name':{'GIVENNAME':'Barbara'},'Meta':{'Created':'2010-01-23T04:56:22Z'}}")));
        User user = User.fromResource(handBuilt);
        assertThat(user.userName()).isEqualTo("bjensen");
        assertThat(user.name().flatMap(Name::givenName)).contains("Barbara");
        assertThat(handBuilt.meta().created()).contains(java.time.Instant.parse("2010-01-23T04:56:22Z"));
        assertThatThrownBy(() -> User.fromResource(ScimResource.of(Fixtures.parse("{\"active\":true}"))))
                .isInstanceOf(ScimException.class).hasMessageContaining("userName is required");
    }
}
