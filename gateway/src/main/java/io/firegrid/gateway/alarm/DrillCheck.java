package io.firegrid.gateway.alarm;

/**
 * Tells the rules whether a site is in drill, so that an alarm raised there is marked
 * {@link Alarm#drill()}; one of the {@link AlarmPorts}. The wiring answers it from the places (the site itself, or the station
 * covering the site's grid cell, put in drill); the alarm package knows nothing of places.
 *
 * <p>Asked once per raised alarm, on the store's thread, inside the transaction that stores the
 * alarm: it must answer from memory and must not block. Never asked for an alarm without a site
 * (such an alarm is never a drill). If it throws, the alarm is raised as a real one.
 */
@FunctionalInterface
public interface DrillCheck {

    /** No site is ever in drill. */
    DrillCheck NONE = (tenant, site) -> false;

    boolean inDrill(String tenant, String site);
}
