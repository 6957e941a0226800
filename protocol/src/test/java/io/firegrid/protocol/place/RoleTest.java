package io.firegrid.protocol.place;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoleTest {

    @Test
    void rolesHaveTheWireNamesOfTheApiAndTheInventory() {
        assertThat(Role.wireNames()).containsExactly("crew", "grid-worker", "building-captain", "duty-officer");
        assertThat(Arrays.stream(Role.values()).map(Role::wireName)).containsExactlyElementsOf(Role.wireNames());
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void everyRoleIsFoundByItsWireName(Role role) {
        assertThat(Role.find(role.wireName())).contains(role);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Crew", "CREW", "crew ", "grid_worker", "GRID_WORKER", "captain", "duty officer"})
    void findsNothingForANameThatIsNotExactlyAWireName(String wire) {
        assertThat(Role.find(wire)).isEmpty();
    }

    @Test
    void theListOfNamesCannotBeChangedByACaller() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Role.wireNames().add("chief"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
