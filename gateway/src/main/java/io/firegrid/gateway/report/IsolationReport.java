package io.firegrid.gateway.report;

import io.firegrid.gateway.isolation.Isolation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The isolations of a period for the fire inspector, one CSV row each: what was isolated, why, by
 * whom, from when to when, and how it ended (ended early by a person, or at its time). Cells that
 * a spreadsheet would read as a formula are neutralised ({@link CsvCell}).
 */
public final class IsolationReport {

    /** The header row. */
    public static final String HEADER = "id,tenant,device,sensor,reason,by,from,until,endedAt,endedBy,minutes";

    private IsolationReport() {
    }

    /** The CSV of {@code isolations}; one still in force at {@code now} has no end and counts its minutes to now. */
    public static String csv(List<Isolation> isolations, Instant now) {
        StringBuilder sb = new StringBuilder(HEADER).append("\r\n");
        for (Isolation i : isolations) {
            Instant end = i.endedAt() != null ? i.endedAt() : i.until().isBefore(now) ? i.until() : now;
            sb.append(i.id()).append(',').append(CsvCell.text(i.device().tenant())).append(',')
                    .append(CsvCell.text(i.device().device())).append(',')
                    .append(CsvCell.text(i.sensor() == null ? "(whole device)" : i.sensor())).append(',')
                    .append(CsvCell.text(i.reason())).append(',').append(CsvCell.text(i.by())).append(',')
                    .append(i.from()).append(',').append(i.until()).append(',')
                    .append(i.endedAt() == null ? "" : i.endedAt().toString()).append(',')
                    .append(CsvCell.text(i.endedBy())).append(',')
                    .append(Duration.between(i.from(), end).toMinutes()).append("\r\n");
        }
        return sb.toString();
    }
}
