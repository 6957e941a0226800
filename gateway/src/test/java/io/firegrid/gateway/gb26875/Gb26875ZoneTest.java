package io.firegrid.gateway.gb26875;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.gateway.place.RosterOptions;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The UITDs' time labels are read in the sites' zone unless a zone of their own is set. */
class Gb26875ZoneTest {

    private static final String SITE_ZONE = RosterOptions.ZONE.name();
    private static final String UITD_ZONE = Gb26875Options.TIME_ZONE.name();

    @Test
    void withNeitherSetTheLabelsAreReadInTheSitesDefaultZone() {
        assertThat(Gb26875Options.fromEnv(Map.of()).zone()).isEqualTo(ZoneId.of(RosterOptions.DEFAULT_ZONE));
        assertThat(Gb26875Options.DEFAULTS.zone()).isEqualTo(RosterOptions.DEFAULTS.zone());
    }

    @Test
    void theSiteZoneAloneSetsTheZoneOfTheLabels() {
        Gb26875Options o = Gb26875Options.fromEnv(Map.of(SITE_ZONE, "Asia/Urumqi"));

        assertThat(o.zone()).isEqualTo(ZoneId.of("Asia/Urumqi"));
    }

    @Test
    void aZoneOfTheirOwnWinsOverTheSiteZone() {
        Gb26875Options o = Gb26875Options.fromEnv(Map.of(SITE_ZONE, "Asia/Urumqi", UITD_ZONE, "UTC"));

        assertThat(o.zone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void aBadZoneOfTheirOwnNamesTheVariableAndTheDefault() {
        assertThatThrownBy(() -> Gb26875Options.fromEnv(Map.of(UITD_ZONE, "Beijing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(UITD_ZONE).hasMessageContaining("'Beijing'").hasMessageContaining(SITE_ZONE);
    }

    @Test
    void aBadSiteZoneIsRefusedUnderItsOwnName() {
        assertThatThrownBy(() -> Gb26875Options.fromEnv(Map.of(SITE_ZONE, "Shanghai")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(SITE_ZONE);
    }
}
