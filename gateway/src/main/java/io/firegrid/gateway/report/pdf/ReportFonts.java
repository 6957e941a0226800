package io.firegrid.gateway.report.pdf;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The font of one report: the gateway's Chinese TrueType font ({@link ReportFont}, parsed once)
 * embedded as a subset (only the glyphs the report uses, some tens of KiB instead of the file's 5 MiB),
 * or, for an English report on a machine without one, the PDF's built-in Helvetica, which shows any
 * other character as {@code ?}. For one document, made while {@link ReportFont#use} holds the font:
 * the subset is cut when the document is saved. Not thread-safe; each report makes its own.
 */
final class ReportFonts {

    private final PDFont font;
    private final Map<Integer, Boolean> shows = new HashMap<>();

    private ReportFonts(PDFont font) {
        this.font = font;
    }

    /** The font for a report drawn with {@code ttf} (null: the built-in Helvetica), added to {@code doc}. */
    static ReportFonts of(PDDocument doc, TrueTypeFont ttf) throws IOException {
        return new ReportFonts(ttf == null ? new PDType1Font(Standard14Fonts.FontName.HELVETICA)
                : PDType0Font.load(doc, ttf, true));
    }

    PDFont font() {
        return font;
    }

    /** {@code text} with each character the font cannot show replaced by {@code ?}. */
    String showable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (cp == '\n' || cp == '\r' || cp == '\t') {
                sb.append(' ');
            } else if (shows.computeIfAbsent(cp, this::canShow)) {
                sb.appendCodePoint(cp);
            } else {
                sb.append('?');
            }
        });
        return sb.toString();
    }

    private boolean canShow(int cp) {
        try {
            font.encode(new String(Character.toChars(cp)));
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Width of {@code text} (already {@link #showable}) at {@code size} points. */
    float width(String text, float size) {
        try {
            return font.getStringWidth(text) / 1000 * size;
        } catch (IOException | IllegalArgumentException e) {
            return text.length() * size;
        }
    }
}
