package io.firegrid.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /api/v1/me} tells each role what it may do, from the same table that decides the calls. */
class MeForEachRoleTest {

    @TempDir
    Path dataDir;

    TestGateway gw;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # role           | workAlarms reports drills commands register logins | actions
            admin            | Y Y Y Y Y Y | read work-alarms read-reports drill command-devices install-panels register change-places edit-people manage-tokens manage-webhooks manage-logins issue-certificates change-devices isolate read-audit
            crew             | Y Y Y Y - - | read work-alarms read-reports drill command-devices edit-people isolate
            grid-worker      | Y - - - - - | read work-alarms
            facility-manager | - Y Y - - - | read read-reports drill isolate
            installer        | - - - - Y - | read install-panels register change-places edit-people change-devices isolate
            """)
    void meSaysWhatEachRoleMayDo(String role, String may, String actions) {
        // GIVEN a token of the role
        String token = "admin".equals(role) ? TestGateway.ADMIN_TOKEN
                : gw.issueToken(new JsonObject().put("name", "someone").put("role", role)).getString("token");

        // WHEN it asks who it is
        HttpResponse<String> r = gw.as(token, "GET", "/api/v1/me", null);

        // THEN the may object keeps its shape and says what the role may, and actions lists its actions
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject me = new JsonObject(r.body());
        assertThat(me.getString("role")).isEqualTo(role);
        String[] flags = may.trim().split("\\s+");
        String[] keys = {"workAlarms", "reports", "drills", "commands", "register", "logins"};
        JsonObject expected = new JsonObject();
        for (int i = 0; i < keys.length; i++) {
            expected.put(keys[i], "Y".equals(flags[i]));
        }
        assertThat(me.getJsonObject("may")).isEqualTo(expected);
        assertThat(me.getJsonArray("actions").getList()).containsExactly((Object[]) actions.trim().split("\\s+"));
        for (Object a : me.getJsonArray("actions")) {
            assertThat(AccessPolicy.allows(AccessRole.fromWire(role), Action.valueOf(
                    ((String) a).toUpperCase(java.util.Locale.ROOT).replace('-', '_')))).isTrue();
        }
    }
}
