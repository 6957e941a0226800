package io.firegrid.gateway.place;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.place.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The gateway's reading of a role name in a body or in its store: the shared list, its own refusal. */
class PersonRoleTest {

    @ParameterizedTest
    @EnumSource(Role.class)
    void readsEveryRoleOfTheSharedListByItsWireName(Role role) {
        assertThat(Person.roleNamed(role.wireName())).isEqualTo(role);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"chief", "Crew", "grid_worker", ""})
    void refusesAnyOtherNameAsBadRequestListingTheRoles(String name) {
        FireGridException e = catchThrowableOfType(FireGridException.class, () -> Person.roleNamed(name));

        assertThat(e.status()).isEqualTo(FireGridException.Status.BAD_REQUEST);
        assertThat(e.code()).isEqualTo("bad-role");
        assertThat(e.reason()).isEqualTo("role '" + name
                + "' is not one of crew, grid-worker, building-captain, duty-officer");
    }
}
