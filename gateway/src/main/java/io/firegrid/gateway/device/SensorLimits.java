package io.firegrid.gateway.device;

import io.firegrid.protocol.FireGridException;

/**
 * A sensor's own thresholds where its place differs from the defaults: a high-rise hydrant needs
 * at least 0.35 MPa, a loading-bay fire door may stay open longer. Each field is {@code null} to
 * keep the gateway's default.
 *
 * @param pressureLowMpa      with {@code pressureHighMpa}: the hydrant's pressure band, both or neither
 * @param pressureHighMpa     upper end of the band, at most {@value #MAX_PRESSURE_MPA} MPa
 * @param doorHeldOpenSeconds how long the door may stay open, 1 s to one day
 */
public record SensorLimits(Double pressureLowMpa, Double pressureHighMpa, Integer doorHeldOpenSeconds) {

    /** Upper end of common 4-20 mA hydrant pressure transmitters. */
    public static final double MAX_PRESSURE_MPA = 1.6;

    /** Narrowest pressure band accepted: well above twice the hysteresis of the rules. */
    public static final double MIN_BAND_MPA = 0.05;

    public static final SensorLimits NONE = new SensorLimits(null, null, null);

    public SensorLimits {
        if ((pressureLowMpa == null) != (pressureHighMpa == null)) {
            throw FireGridException.badRequest("bad-limits", "give both pressureLowMpa and pressureHighMpa, or neither");
        }
        if (pressureLowMpa != null && !(pressureLowMpa >= 0 && pressureLowMpa < pressureHighMpa
                && pressureHighMpa <= MAX_PRESSURE_MPA)) {
            throw FireGridException.badRequest("bad-limits", "pressure band must satisfy 0 <= pressureLowMpa < pressureHighMpa <= "
                    + MAX_PRESSURE_MPA + " MPa (GB 50974-2014 §7.4.12: 0.25 or 0.35 to 0.50 MPa at hydrant outlets)");
        }
        if (pressureLowMpa != null && pressureHighMpa - pressureLowMpa < MIN_BAND_MPA) {
            throw FireGridException.badRequest("bad-limits", "the pressure band must be at least " + MIN_BAND_MPA
                    + " MPa wide, or a value wandering inside it would keep crossing both thresholds");
        }
        if (doorHeldOpenSeconds != null && (doorHeldOpenSeconds < 1 || doorHeldOpenSeconds > 86_400)) {
            throw FireGridException.badRequest("bad-limits", "doorHeldOpenSeconds must be between 1 and 86400");
        }
    }

    public boolean isEmpty() {
        return pressureLowMpa == null && doorHeldOpenSeconds == null;
    }
}
