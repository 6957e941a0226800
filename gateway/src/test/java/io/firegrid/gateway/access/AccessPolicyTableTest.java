package io.firegrid.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every role's rights, one row per action: {@code Y} may, {@code -} may not. The matrix is the
 * rights each role had when permissions were still a table of methods and paths; each row names
 * one call that needs the action.
 */
class AccessPolicyTableTest {

    private static final List<AccessRole> COLUMNS = List.of(AccessRole.ADMIN, AccessRole.CREW, AccessRole.GRID_WORKER,
            AccessRole.FACILITY_MANAGER, AccessRole.INSTALLER);

    private static final String MATRIX = """
            action             | admin crew grid-worker facility-manager installer | a call that needs it
            READ               | Y Y Y Y Y | GET /api/v1/alarms
            WORK_ALARMS        | Y Y Y - - | POST /api/v1/alarms/1/ack
            READ_REPORTS       | Y Y - Y - | GET /api/v1/reports/response-times
            DRILL              | Y Y - Y - | POST /api/v1/sites/t1/b7/drill
            COMMAND_DEVICES    | Y Y - - - | POST /api/v1/devices/t1/pi-1/commands
            INSTALL_PANELS     | Y - - - Y | POST /api/v1/stations/t1/S/panels
            REGISTER           | Y - - - Y | POST /api/v1/devices
            CHANGE_PLACES      | Y - - - Y | PUT /api/v1/sites/t1/b7
            EDIT_PEOPLE        | Y Y - - Y | PUT /api/v1/people/t1/li
            MANAGE_TOKENS      | Y - - - - | POST /api/v1/tokens
            MANAGE_WEBHOOKS    | Y - - - - | GET /api/v1/webhooks
            MANAGE_LOGINS      | Y - - - - | GET /api/v1/security/blocked-logins
            ISSUE_CERTIFICATES | Y - - - - | POST /api/v1/devices/t1/pi-1/certificate
            CHANGE_DEVICES     | Y - - - Y | PUT /api/v1/devices/t1/pi-1
            ISOLATE            | Y Y - Y Y | POST /api/v1/isolations
            READ_AUDIT         | Y - - - - | GET /api/v1/audit
            """;

    static Stream<Arguments> rows() {
        return MATRIX.lines().skip(1).map(l -> l.split("\\|")).map(c -> Arguments.of(c[0].trim(), c[1].trim(), c[2].trim()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("rows")
    void eachRoleHasExactlyItsRights(String name, String rights, String call) {
        Action action = Action.valueOf(name);
        List<Boolean> may = Arrays.stream(rights.split("\\s+")).map("Y"::equals).toList();
        String needs = COLUMNS.stream().filter(r -> may.get(COLUMNS.indexOf(r))).map(AccessRole::wireName)
                .collect(Collectors.joining(" or "));
        for (AccessRole role : COLUMNS) {
            boolean allowed = may.get(COLUMNS.indexOf(role));
            assertThat(AccessPolicy.allows(role, action)).as(role + " " + action + " (" + call + ")").isEqualTo(allowed);
            assertThat(AccessPolicy.actions(role).contains(action)).as(role + " " + action).isEqualTo(allowed);
            String refusal = AccessPolicy.refusal(role, action);
            if (allowed) {
                assertThat(refusal).as(role + " " + action).isNull();
            } else {
                assertThat(refusal).as(role + " " + action)
                        .isEqualTo("role " + role.wireName() + " may not " + action.words() + " (needs " + needs + ")");
            }
        }
    }

    @Test
    void theMatrixHasARowForEveryActionAndEveryRole() {
        assertThat(rows().map(a -> (String) a.get()[0])).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Action.values()).map(Action::name).toList());
        assertThat(COLUMNS).containsExactlyInAnyOrder(AccessRole.values());
    }

    @Test
    void aCallThatDeclaresNoActionIsForAdminOnly() {
        assertThat(AccessPolicy.refusalOfUndeclared(AccessRole.ADMIN, "POST /api/v1/nothing")).isNull();
        for (AccessRole role : List.of(AccessRole.CREW, AccessRole.GRID_WORKER, AccessRole.FACILITY_MANAGER,
                AccessRole.INSTALLER)) {
            assertThat(AccessPolicy.refusalOfUndeclared(role, "POST /api/v1/nothing"))
                    .isEqualTo("role " + role.wireName() + " may not POST /api/v1/nothing (needs admin)");
        }
    }

    @Test
    void refusalsSayWhatInTheWordsThePeopleUse() {
        assertThat(AccessPolicy.refusal(AccessRole.CREW, Action.REGISTER))
                .isEqualTo("role crew may not register devices, places and people (needs admin or installer)");
        assertThat(AccessPolicy.refusal(AccessRole.FACILITY_MANAGER, Action.WORK_ALARMS))
                .isEqualTo("role facility-manager may not work alarms (needs admin or crew or grid-worker)");
        assertThat(AccessPolicy.refusal(AccessRole.CREW, Action.MANAGE_WEBHOOKS))
                .isEqualTo("role crew may not manage webhooks (needs admin)");
    }
}
