package io.firegrid.gateway.report.pdf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * A4 pages filled from top to bottom: lines of text, wrapped paragraphs, tables whose header is
 * repeated on each page, and room for a chart; a new page starts when the next thing does not fit.
 * Page numbers are written once the last page is known. PDFBox's {@link IOException}s become
 * {@link UncheckedIOException}s: nothing here can go wrong but writing to memory.
 */
final class Sheet {

    static final float WIDTH = PDRectangle.A4.getWidth();
    static final float HEIGHT = PDRectangle.A4.getHeight();
    static final float MARGIN = 42;
    static final float TEXT_WIDTH = WIDTH - 2 * MARGIN;
    private static final float BOTTOM = MARGIN + 16;

    private final PDDocument doc;
    private final ReportFonts fonts;
    private PDPageContentStream cs;
    private float y;

    Sheet(PDDocument doc, ReportFonts fonts) {
        this.doc = doc;
        this.fonts = fonts;
        newPage();
    }

    /** Where the next line goes (from the bottom of the page, in points). */
    float y() {
        return y;
    }

    /** The page's drawing, for charts: {@link #reserve} room first. */
    PDPageContentStream canvas() {
        return cs;
    }

    ReportFonts fonts() {
        return fonts;
    }

    void newPage() {
        try {
            if (cs != null) {
                cs.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            cs = new PDPageContentStream(doc, page);
            y = HEIGHT - MARGIN;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a new page unless {@code height} points fit above the bottom margin. */
    void need(float height) {
        if (y - height < BOTTOM) {
            newPage();
        }
    }

    /** Moves down {@code height} points (after {@link #need}): the caller draws in the room left. */
    float reserve(float height) {
        need(height);
        y -= height;
        return y;
    }

    /** {@code text} at ({@code x}, {@code atY}); characters the font lacks show as {@code ?}. */
    void text(float x, float atY, float size, String text) {
        try {
            cs.beginText();
            cs.setFont(fonts.font(), size);
            cs.newLineAtOffset(x, atY);
            cs.showText(fonts.showable(text));
            cs.endText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    float width(String text, float size) {
        return fonts.width(fonts.showable(text), size);
    }

    /** One line of text at the left margin. */
    void line(String text, float size) {
        need(size * 1.5f);
        y -= size * 1.45f;
        text(MARGIN, y, size, text);
    }

    void gap(float points) {
        y -= points;
    }

    /** {@code text} wrapped to the text width. */
    void paragraph(String text, float size) {
        for (String part : wrap(text, size, TEXT_WIDTH)) {
            line(part, size);
        }
    }

    /** {@code text} cut to {@code width} with an ellipsis when longer. */
    String fit(String text, float size, float width) {
        String t = fonts.showable(text);
        if (fonts.width(t, size) <= width) {
            return t;
        }
        int end = t.length();
        while (end > 0 && fonts.width(t.substring(0, end) + "…", size) > width) {
            end--;
        }
        return t.substring(0, end) + (fonts.width("…", size) > 0 && canShowEllipsis() ? "…" : "");
    }

    private boolean canShowEllipsis() {
        return fonts.showable("…").equals("…");
    }

    private List<String> wrap(String text, float size, float width) {
        String t = fonts.showable(text);
        java.util.ArrayList<String> lines = new java.util.ArrayList<>();
        int start = 0;
        while (start < t.length()) {
            int end = start + 1;
            int lastSpace = -1;
            while (end < t.length() && fonts.width(t.substring(start, end + 1), size) <= width) {
                if (t.charAt(end) == ' ') {
                    lastSpace = end;
                }
                end++;
            }
            if (end < t.length() && lastSpace > start) {
                end = lastSpace + 1;
            }
            lines.add(t.substring(start, end).strip());
            start = end;
        }
        return lines;
    }

    /**
     * A table: {@code head} in bold grey on each page it runs over, then {@code rows}, each cell cut
     * to its column's width.
     */
    void table(float[] widths, String[] head, List<String[]> rows, float size) {
        float rowHeight = size * 1.6f;
        need(rowHeight * 2);
        header(widths, head, size, rowHeight);
        for (String[] row : rows) {
            if (y - rowHeight < BOTTOM) {
                newPage();
                header(widths, head, size, rowHeight);
            }
            y -= rowHeight;
            float x = MARGIN;
            for (int i = 0; i < widths.length; i++) {
                text(x + 2, y + size * 0.45f, size, fit(row[i], size, widths[i] - 4));
                x += widths[i];
            }
            stroke(MARGIN, y, MARGIN + sum(widths), y, 0.85f);
        }
    }

    private void header(float[] widths, String[] head, float size, float rowHeight) {
        y -= rowHeight;
        fill(MARGIN, y, sum(widths), rowHeight, 0.9f, 0.9f, 0.9f);
        float x = MARGIN;
        for (int i = 0; i < widths.length; i++) {
            text(x + 2, y + size * 0.45f, size, fit(head[i], size, widths[i] - 4));
            x += widths[i];
        }
    }

    private static float sum(float[] widths) {
        float s = 0;
        for (float w : widths) {
            s += w;
        }
        return s;
    }

    /** A filled rectangle in the colour (r, g, b), each 0 to 1. */
    void fill(float x, float atY, float w, float h, float r, float g, float b) {
        try {
            cs.setNonStrokingColor(r, g, b);
            cs.addRect(x, atY, w, h);
            cs.fill();
            cs.setNonStrokingColor(0f, 0f, 0f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A thin line in grey {@code grey} (0 black, 1 white). */
    void stroke(float x1, float y1, float x2, float y2, float grey) {
        try {
            cs.setStrokingColor(grey, grey, grey);
            cs.setLineWidth(0.5f);
            cs.moveTo(x1, y1);
            cs.lineTo(x2, y2);
            cs.stroke();
            cs.setStrokingColor(0f, 0f, 0f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A dashed line in the colour (r, g, b), for a limit drawn across a chart. */
    void dashed(float x1, float y1, float x2, float y2, float r, float g, float b) {
        try {
            cs.setStrokingColor(r, g, b);
            cs.setLineWidth(1.2f);
            cs.setLineDashPattern(new float[] {4, 3}, 0);
            cs.moveTo(x1, y1);
            cs.lineTo(x2, y2);
            cs.stroke();
            cs.setLineDashPattern(new float[0], 0);
            cs.setStrokingColor(0f, 0f, 0f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the last page and writes {@code footer(page, pages)} at the bottom of every page. */
    void finish(BiFunction<Integer, Integer, String> footer) {
        try {
            cs.close();
            int pages = doc.getNumberOfPages();
            for (int i = 0; i < pages; i++) {
                cs = new PDPageContentStream(doc, doc.getPage(i), PDPageContentStream.AppendMode.APPEND, true, true);
                String f = footer.apply(i + 1, pages);
                text(WIDTH - MARGIN - width(f, 8), MARGIN - 14, 8, f);
                cs.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
