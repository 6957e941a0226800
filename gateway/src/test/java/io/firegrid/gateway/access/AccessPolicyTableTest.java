package io.firegrid.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every role's rights, one row per action: {@code Y} may, {@code -} may not. The matrix is the
 * rights each role had when permissions were still a table of methods and paths; each row names
 * one call that needs the action.
 */
class AccessPolicyTableTest {

    private static final List<AccessRole> COLUMNS = List.of(AccessRole.ADMIN, AccessRole.CREW, AccessRole.GRID_WORKER,
            AccessRole.FACILITY_MANAGER, AccessRole.INSTALLER);

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # action           | admin crew grid-worker facility-manager installer | a call that needs it
            READ               | Y Y Y Y Y | GET /api/v1/alarms
            WORK_ALARMS        | Y Y Y - - | POST /api/v1/alarms/1/ack
            READ_REPORTS       | Y Y - Y - | GET /api/v1/reports/response-times
            DRILL              | Y Y - Y - | POST /api/v1/sites/t1/b7/drill
            COMMAND_DEVICES    | Y Y - - - | POST /api/v1/devices/t1/pi-1/commands
            INSTALL_PANELS     | Y - - - Y | POST /api/v1/stations/t1/S/panels
            REGISTER           | Y - - - Y | POST /api/v1/devices
            CHANGE_PLACES      | Y - - - Y | PUT /api/v1/sites/t1/b7
            MANAGE_TOKENS      | Y - - - - | POST /api/v1/tokens
            MANAGE_WEBHOOKS    | Y - - - - | GET /api/v1/webhooks
            MANAGE_LOGINS      | Y - - - - | GET /api/v1/security/blocked-logins
            ISSUE_CERTIFICATES | Y - - - - | POST /api/v1/devices/t1/pi-1/certificate
            """)
    void eachRoleHasExactlyItsRights(String action, String rights, String call) {
        List<Boolean> may = Arrays.stream(rights.trim().split("\\s+")).map("Y"::equals).toList();
        String[] methodPath = call.split(" ");
        String needs = COLUMNS.stream().filter(r -> may.get(COLUMNS.indexOf(r))).map(AccessRole::wireName)
                .collect(Collectors.joining(" or "));
        for (AccessRole role : COLUMNS) {
            String refusal = AccessPolicy.refusal(role, methodPath[0], methodPath[1]);
            if (may.get(COLUMNS.indexOf(role))) {
                assertThat(refusal).as(role + " " + action).isNull();
            } else {
                assertThat(refusal).as(role + " " + action).startsWith("role " + role.wireName() + " may not ")
                        .endsWith("(needs " + needs + ")");
            }
        }
    }
}
