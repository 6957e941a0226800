package io.firegrid.gateway.report.pdf;

import io.firegrid.gateway.report.MonthlyReport;
import io.firegrid.protocol.settings.Setting;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Settings of the monthly PDF report (docs/reports.md). Immutable.
 *
 * @param font    a TrueType font file ({@code .ttf}, or a collection {@code .ttc}) with Chinese glyphs,
 *                embedded (as a subset) in every report; {@code null}: the first of {@link #CJK_FONTS}
 *                that exists. Without one a Chinese report is refused and an English one is drawn
 *                with the PDF's built-in Helvetica; {@code FIREGRID_REPORT_FONT}
 * @param searched where to look for a Chinese font when {@code font} is not set, in order; not a
 *                setting: {@link #CJK_FONTS}, tests pass none to see a machine without one
 * @param maxRows most rows each list of a report (alarms, isolations, drill alarms) holds; the rest
 *                are counted ("and 12 more"), so one month of a noisy site still makes a report of
 *                tens of pages, not thousands; {@code FIREGRID_REPORT_MAX_ROWS}, default
 *                {@value MonthlyReport#DEFAULT_MAX_ROWS}
 */
public record PdfOptions(Path font, List<Path> searched, int maxRows) {

    /**
     * Where Debian puts fonts with Chinese glyphs and TrueType outlines, which PDFBox can subset:
     * {@code fonts-wqy-microhei}, {@code fonts-wqy-zenhei}, {@code fonts-droid-fallback}. (Noto Sans
     * CJK has CFF outlines, which PDFBox does not embed.)
     */
    public static final List<Path> CJK_FONTS = List.of(
            Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
            Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
            Path.of("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"));

    /** The Debian package that gives {@link #CJK_FONTS} its first entry. */
    public static final String FONT_PACKAGE = "fonts-wqy-microhei";

    public static final Setting<Path> FONT = Setting.path("FIREGRID_REPORT_FONT", null,
            "unset: " + FONT_PACKAGE + "'s wqy-microhei.ttc, or another Chinese TrueType font Debian installs",
            "TrueType font (.ttf/.ttc) with Chinese glyphs for PDF reports");
    public static final Setting<Integer> MAX_ROWS = Setting.integer("FIREGRID_REPORT_MAX_ROWS",
            MonthlyReport.DEFAULT_MAX_ROWS, 1, 10_000, "rows per list of a monthly PDF report; the rest are counted");

    public static final PdfOptions DEFAULTS = new PdfOptions(null, CJK_FONTS, MonthlyReport.DEFAULT_MAX_ROWS);

    public PdfOptions {
        searched = List.copyOf(searched);
        MAX_ROWS.checkInt(maxRows);
    }

    public PdfOptions withFont(Path path) {
        return new PdfOptions(path, searched, maxRows);
    }

    public PdfOptions withSearched(List<Path> paths) {
        return new PdfOptions(font, paths, maxRows);
    }

    public PdfOptions withMaxRows(int rows) {
        return new PdfOptions(font, searched, rows);
    }

    /** The defaults overridden by whichever of their variables {@code env} sets. */
    public static PdfOptions fromEnv(Map<String, String> env) {
        return new PdfOptions(FONT.read(env), CJK_FONTS, MAX_ROWS.read(env));
    }
}
