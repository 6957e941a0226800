package io.firegrid.gateway.report.pdf;

import io.firegrid.protocol.FireGridException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Chinese TrueType font of the reports ({@link PdfOptions}), read and parsed once per gateway
 * and kept: reading the 5 MB WenQuanYi collection and its tables was most of a report's CPU
 * (bench/README.md, "Monthly PDF report"). Each report still embeds its own subset of it.
 *
 * <p>Thread-safe: {@link #use} runs one report at a time with the font, under a lock, because PDFBox
 * reads a font's tables and glyphs through one shared stream; reports are made one at a time anyway
 * (one report thread). A font that is not found is looked for again at the next report, so installing
 * the package needs no restart; once found and read it is kept until {@link #close}.
 */
public final class ReportFont implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ReportFont.class);

    /** A character every Chinese font has: a font without it is not one. */
    private static final int PROBE = '消';

    private final PdfOptions options;
    private final ReentrantLock lock = new ReentrantLock();
    /** The parsed font and what to close with it; null until the first report that found one. Guarded by {@link #lock}. */
    private TrueTypeFont font;
    private Closeable source;
    /** How many times a font file was read and parsed, for the tests that prove it is once. */
    private final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

    public ReportFont(PdfOptions options) {
        this.options = options;
    }

    /**
     * Runs {@code work} with the font, holding it for the whole call: the parsed TrueType font, or
     * null when none is found and {@code chinese} is false (the report then uses the PDF's built-in
     * Helvetica). Fails with {@code UNAVAILABLE} {@code no-cjk-font} for a Chinese report when no
     * Chinese font is found, and for any report when the configured file cannot be used, naming the
     * package to install or the setting to change.
     */
    public <T> T use(boolean chinese, Function<TrueTypeFont, T> work) {
        lock.lock();
        try {
            if (font == null) {
                Path file = fontFile(options);
                if (file == null) {
                    if (chinese) {
                        throw noFont("no font with Chinese glyphs is installed: install Debian's " + PdfOptions.FONT_PACKAGE
                                + " (apt-get install " + PdfOptions.FONT_PACKAGE + ") or set " + PdfOptions.FONT.name()
                                + " to a TrueType font file (.ttf or .ttc) with Chinese glyphs; lang=en works without one");
                    }
                    return work.apply(null);
                }
                load(file);
                reads.incrementAndGet();
                LOG.info("report font read [file: {}]", file);
            }
            return work.apply(font);
        } finally {
            lock.unlock();
        }
    }

    private void load(Path file) {
        TrueTypeCollection collection = null;
        TrueTypeFont ttf = null;
        try {
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
            TrueTypeCollection c = collection;
            TrueTypeFont t = ttf;
            font = ttf;
            source = () -> close(c, t);
        } catch (IOException | RuntimeException e) {
            if (e instanceof FireGridException f) {
                throw f;
            }
            try {
                close(collection, ttf);
            } catch (IOException closing) {
                e.addSuppressed(closing);
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

    /** How many times the font file was read and parsed since this was made. */
    int reads() {
        return reads.get();
    }

    /** Closes the font file; a report after this reads it again. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (source != null) {
                source.close();
            }
            source = null;
            font = null;
        } finally {
            lock.unlock();
        }
    }
}
