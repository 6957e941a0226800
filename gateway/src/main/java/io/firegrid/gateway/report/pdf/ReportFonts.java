package io.firegrid.gateway.report.pdf;

import io.firegrid.protocol.FireGridException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The font of one report: the Chinese TrueType font of {@link PdfOptions} embedded as a subset (only
 * the glyphs the report uses, some tens of KiB instead of the file's 5 MiB), or, for an English
 * report on a machine without one, the PDF's built-in Helvetica, which shows any other character as
 * {@code ?}. Open for one document: closed after the document is saved, since the subset is made
 * while saving. Not thread-safe; each report opens its own.
 */
final class ReportFonts implements Closeable {

    /** A character every Chinese font has: a font without it is not one. */
    private static final int PROBE = '消';

    private final PDFont font;
    private final Closeable source;
    private final Map<Integer, Boolean> shows = new HashMap<>();

    private ReportFonts(PDFont font, Closeable source) {
        this.font = font;
        this.source = source;
    }

    /**
     * The font for a report in {@code chinese} or English, added to {@code doc}. Fails with
     * {@code UNAVAILABLE} {@code no-cjk-font} for a Chinese report when no Chinese font is found, and
     * for any report when the configured file cannot be used, naming the package to install or the
     * setting to change.
     */
    static ReportFonts open(PDDocument doc, PdfOptions options, boolean chinese) {
        Path file = fontFile(options);
        if (file == null) {
            if (chinese) {
                throw noFont("no font with Chinese glyphs is installed: install Debian's " + PdfOptions.FONT_PACKAGE
                        + " (apt-get install " + PdfOptions.FONT_PACKAGE + ") or set " + PdfOptions.FONT.name()
                        + " to a TrueType font file (.ttf or .ttc) with Chinese glyphs; lang=en works without one");
            }
            return new ReportFonts(new PDType1Font(Standard14Fonts.FontName.HELVETICA), () -> { });
        }
        try {
            TrueTypeCollection collection = null;
            TrueTypeFont ttf;
            if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".ttc")) {
                collection = new TrueTypeCollection(file.toFile());
                TrueTypeFont[] first = new TrueTypeFont[1];
                collection.processAllFonts(f -> {
                    if (first[0] == null && f.getUnicodeCmapLookup(false) != null) {
                        first[0] = f;
                    }
                });
                ttf = first[0];
            } else {
                ttf = new TTFParser().parse(new RandomAccessReadBufferedFile(file.toFile()));
            }
            if (ttf == null || ttf.getUnicodeCmapLookup(false) == null
                    || ttf.getUnicodeCmapLookup(false).getGlyphId(PROBE) == 0) {
                close(collection, ttf);
                throw noFont(file + " has no Chinese glyphs: set " + PdfOptions.FONT.name()
                        + " to a TrueType font that has (Debian's " + PdfOptions.FONT_PACKAGE + ")");
            }
            PDFont font = PDType0Font.load(doc, ttf, true);
            TrueTypeCollection c = collection;
            return new ReportFonts(font, () -> close(c, ttf));
        } catch (IOException | RuntimeException e) {
            if (e instanceof FireGridException f) {
                throw f;
            }
            throw noFont("cannot read the font " + file + " (" + e.getMessage() + "): set " + PdfOptions.FONT.name()
                    + " to a TrueType font file (.ttf or .ttc; fonts with CFF outlines such as Noto Sans CJK are not"
                    + " embedded) or install Debian's " + PdfOptions.FONT_PACKAGE);
        }
    }

    /** The configured font file, or the first Chinese font Debian installs that exists; {@code null} when none. */
    static Path fontFile(PdfOptions options) {
        if (options.font() != null) {
            if (!Files.isReadable(options.font())) {
                throw noFont(PdfOptions.FONT.name() + " names " + options.font() + ", which is not a readable file:"
                        + " set it to a TrueType font with Chinese glyphs, or unset it to use Debian's "
                        + PdfOptions.FONT_PACKAGE);
            }
            return options.font();
        }
        return options.searched().stream().filter(Files::isReadable).findFirst().orElse(null);
    }

    private static FireGridException noFont(String reason) {
        return new FireGridException(FireGridException.Status.UNAVAILABLE, "no-cjk-font", reason);
    }

    private static void close(TrueTypeCollection collection, TrueTypeFont ttf) throws IOException {
        if (collection != null) {
            collection.close();
        } else if (ttf != null) {
            ttf.close();
        }
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

    @Override
    public void close() throws IOException {
        source.close();
    }
}
