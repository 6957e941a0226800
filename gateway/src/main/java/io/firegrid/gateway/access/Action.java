package io.firegrid.gateway.access;

/**
 * What an API caller may do, in the words of the people who do it. Each {@code /api/v1} route
 * declares the one action it needs where it is registered; {@link AccessPolicy} says which roles
 * hold which actions. A refusal reads "role crew may not {@link #words()} (needs admin or installer)".
 */
public enum Action {
    /** See alarms, devices, places, readings, panels, notifications and deliveries, and the caller's own token. */
    READ("read"),
    /** Acknowledge an alarm, report en route and on scene, resolve it. */
    WORK_ALARMS("work alarms"),
    /** Response times and condition reports. */
    READ_REPORTS("read reports"),
    /** Start or end a drill of a site or station. */
    DRILL("start or end a drill"),
    /** Send a command to a device. */
    COMMAND_DEVICES("send commands to devices"),
    /** Install a siren panel at a station. */
    INSTALL_PANELS("install siren panels"),
    /** Register devices, people, stations, cells and sites. */
    REGISTER("register devices, places and people"),
    /** Change or remove people, stations, cells and sites. */
    CHANGE_PLACES("change or remove places and people"),
    /**
     * Change a person's phones and preferences: anyone's with {@link #CHANGE_PLACES}, else only the
     * people of the station the token's person heads ({@code PUT /people/{t}/{id}}, docs/access.md).
     */
    EDIT_PEOPLE("edit people's phones and preferences"),
    /** Issue, list and revoke API tokens. */
    MANAGE_TOKENS("manage API tokens"),
    /** Register, list and remove webhooks. */
    MANAGE_WEBHOOKS("manage webhooks"),
    /** See and lift blocked device logins. */
    MANAGE_LOGINS("see or lift blocked logins"),
    /** Issue a device's TLS client certificate. */
    ISSUE_CERTIFICATES("issue device certificates"),
    /** Change, decommission and bring back devices, and rotate their credentials. */
    CHANGE_DEVICES("change, decommission or re-key devices"),
    /** Isolate a sensor or a device for a while (its alarms dispatched to no one), or end an isolation. */
    ISOLATE("isolate sensors and devices"),
    /** Read the audit log of changes made through the API. */
    READ_AUDIT("read the audit log");

    private final String words;

    Action(String words) {
        this.words = words;
    }

    /** What the action is, as a refusal says it: "may not {@code words}". */
    public String words() {
        return words;
    }

    /** The name used in {@code /api/v1/me}'s {@code actions}: {@code WORK_ALARMS} is {@code work-alarms}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
