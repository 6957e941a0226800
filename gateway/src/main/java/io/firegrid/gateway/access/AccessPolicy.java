package io.firegrid.gateway.access;

import static io.firegrid.gateway.access.AccessRole.ADMIN;
import static io.firegrid.gateway.access.AccessRole.CREW;
import static io.firegrid.gateway.access.AccessRole.FACILITY_MANAGER;
import static io.firegrid.gateway.access.AccessRole.GRID_WORKER;
import static io.firegrid.gateway.access.AccessRole.INSTALLER;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which roles may call which API routes, in one table; the first matching rule decides.
 *
 * <pre>
 * POST/DELETE tokens, webhooks, security (any method)   admin
 * POST .../sites|stations/{t}/{id}/drill                 admin, crew, facility-manager
 * POST devices/{t}/{d}/commands                          admin, crew
 * POST stations/{t}/{id}/panels                          admin, installer
 * POST devices, people, stations, cells, sites           admin, installer
 * PUT/DELETE people|stations|cells|sites/{t}/{id}        admin, installer
 * POST alarms/{id}/ack|en-route|on-scene|resolve         admin, crew, grid-worker
 * GET  reports/...                                       admin, crew, facility-manager
 * GET  anything else                                     every role
 * anything else                                          admin
 * </pre>
 */
public final class AccessPolicy {

    private record Rule(Set<String> methods, Pattern path, Set<AccessRole> roles, String what) {
    }

    private static final Set<AccessRole> ALL = EnumSet.allOf(AccessRole.class);

    private static final List<Rule> RULES = List.of(
            rule("GET,POST,PUT,DELETE", "/api/v1/tokens(/.*)?", EnumSet.of(ADMIN), "manage API tokens"),
            rule("GET,POST,PUT,DELETE", "/api/v1/webhooks(/.*)?", EnumSet.of(ADMIN), "manage webhooks"),
            rule("GET,POST,PUT,DELETE", "/api/v1/security(/.*)?", EnumSet.of(ADMIN), "see or lift blocked logins"),
            rule("POST", "/api/v1/(sites|stations)/[^/]+/[^/]+/drill", EnumSet.of(ADMIN, CREW, FACILITY_MANAGER),
                    "start or end a drill"),
            rule("POST", "/api/v1/devices/[^/]+/[^/]+/commands", EnumSet.of(ADMIN, CREW), "send commands to devices"),
            rule("POST", "/api/v1/stations/[^/]+/[^/]+/panels", EnumSet.of(ADMIN, INSTALLER), "install siren panels"),
            rule("POST", "/api/v1/(devices|people|stations|cells|sites)", EnumSet.of(ADMIN, INSTALLER),
                    "register devices, places and people"),
            rule("PUT,DELETE", "/api/v1/(people|stations|cells|sites)/[^/]+/[^/]+", EnumSet.of(ADMIN, INSTALLER),
                    "change or remove places and people"),
            rule("POST", "/api/v1/alarms/[^/]+/(ack|en-route|on-scene|resolve)", EnumSet.of(ADMIN, CREW, GRID_WORKER),
                    "work alarms"),
            rule("GET", "/api/v1/reports(/.*)?", EnumSet.of(ADMIN, CREW, FACILITY_MANAGER), "read reports"),
            rule("GET", "/api/v1/.*", ALL, "read"));

    private AccessPolicy() {
    }

    private static Rule rule(String methods, String path, Set<AccessRole> roles, String what) {
        return new Rule(Set.of(methods.split(",")), Pattern.compile(path), roles, what);
    }

    /** {@code null} if {@code role} may call {@code method path}; else why not, saying who may. */
    public static String refusal(AccessRole role, String method, String path) {
        for (Rule r : RULES) {
            if (r.methods().contains(method) && r.path().matcher(path).matches()) {
                return r.roles().contains(role) ? null : "role " + role.wireName() + " may not " + r.what()
                        + " (needs " + r.roles().stream().map(AccessRole::wireName).collect(Collectors.joining(" or ")) + ")";
            }
        }
        return role == ADMIN ? null : "role " + role.wireName() + " may not " + method + " " + path + " (needs admin)";
    }
}
