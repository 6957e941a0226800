package io.firegrid.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.MutableClock;
import io.firegrid.gateway.support.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text that a spreadsheet would run as a formula is exported as text; numbers stay numbers. */
class CsvInjectionTest {

    @TempDir
    Path dataDir;

    @Test
    void aFormulaInAZoneIsExportedAsTextAndTheNumbersStayNumbers() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-10T02:00:00Z"));
        try (TestGateway gw = TestGateway.start(dataDir, clock)) {
            // GIVEN a door whose zone is -B1: a valid id, and to a spreadsheet minus cell B1
            assertThat(gw.post("/api/v1/devices", "{\"tenant\":\"t1\",\"id\":\"pi-1\",\"password\":\"" + TestGateway.PASSWORD
                    + "\",\"sensors\":[{\"id\":\"door-1\",\"kind\":\"door\",\"zone\":\"-B1\"}]}").statusCode()).isEqualTo(201);
            try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
                assertThat(pi.publish("event", "{\"seq\":1,\"sensor\":\"door-1\",\"kind\":\"door\",\"state\":\"open\"}"
                        .getBytes(StandardCharsets.UTF_8), 1).reasonCode()).isZero();
            }
            clock.advance(Duration.ofSeconds(121));
            gw.tick();
            assertThat(gw.openAlarmFor("pi-1", "door-1")).isPresent();

            // WHEN the report is exported
            String csv = gw.get("/api/v1/reports/doors-held-open?from=2026-11-01&to=2026-12-01&format=csv").body();

            // THEN the zone starts with ' and the duration (the alarm was just raised and is open) is a plain number
            String[] lines = csv.split("\r\n");
            assertThat(lines).hasSize(2);
            assertThat(lines[1]).contains(",\"'-B1\",").contains(",0.0,true,");
        }
    }

    @Test
    void cellsThatStartLikeAFormulaGetAQuoteAndPlainNumbersDoNot() {
        assertThat(CsvCell.text("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(CsvCell.text("+1+cmd")).isEqualTo("\"'+1+cmd\"");
        assertThat(CsvCell.text("-2+3")).isEqualTo("\"'-2+3\"");
        assertThat(CsvCell.text("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
        assertThat(CsvCell.text("\t=1")).isEqualTo("\"'\t=1\"");
        assertThat(CsvCell.text("\r=1")).isEqualTo("\"'\r=1\"");
        // a basement zone and a negative reading written as text are numbers, not formulas
        assertThat(CsvCell.text("-1")).isEqualTo("-1");
        assertThat(CsvCell.text("-3.5")).isEqualTo("-3.5");
        // ordinary names pass unquoted, an @ inside one too
        assertThat(CsvCell.text("pi-a1@t1")).isEqualTo("pi-a1@t1");
        assertThat(CsvCell.text("Station 3 (north)")).isEqualTo("Station 3 (north)");
        assertThat(CsvCell.text(null)).isEmpty();
    }
}
