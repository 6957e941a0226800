package io.firegrid.inventory;

/**
 * A sensor's own alarm limits, as the gateway's {@code limits} object; every field may be null,
 * meaning the gateway's default (docs/alarms.md, "Defaults and where they come from").
 */
public record Limits(Double pressureLowMpa, Double pressureHighMpa, Integer doorHeldOpenSeconds) {

    public static final Limits NONE = new Limits(null, null, null);

    public boolean isEmpty() {
        return pressureLowMpa == null && pressureHighMpa == null && doorHeldOpenSeconds == null;
    }
}
