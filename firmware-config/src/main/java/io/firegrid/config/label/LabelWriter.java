package io.firegrid.config.label;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Draws a device label, {@value #WIDTH_MM} x {@value #HEIGHT_MM} mm: the QR code on the left, the
 * device id large and site, location and install date beside it. PNG at {@value #DPI} dpi for label
 * printers, PDF at the label's size for office printers. The QR code uses error correction level M
 * and a 4-module quiet zone, so it scans from a ladder through a scratched sleeve. Text in the PDF
 * uses a system font that can show Chinese when one is installed (WenQuanYi, DejaVu), else
 * Helvetica with characters it cannot show replaced by '?'.
 */
public final class LabelWriter {

    public static final int WIDTH_MM = 70;
    public static final int HEIGHT_MM = 35;
    public static final int DPI = 300;
    private static final double PX_PER_MM = DPI / 25.4;
    private static final float PT_PER_MM = 72f / 25.4f;
    private static final List<String> PDF_FONTS = List.of(
            "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");

    private LabelWriter() {
    }

    /** The QR code's modules, with the quiet zone. */
    static BitMatrix qr(String payload) {
        try {
            return new QRCodeWriter().encode(payload, com.google.zxing.BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.CHARACTER_SET, "UTF-8", EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                            EncodeHintType.MARGIN, 4));
        } catch (WriterException e) {
            throw new IllegalArgumentException("the label's data does not fit a QR code: " + e.getMessage(), e);
        }
    }

    static BufferedImage qrImage(BitMatrix m, int scale) {
        BufferedImage img = new BufferedImage(m.getWidth() * scale, m.getHeight() * scale, BufferedImage.TYPE_BYTE_BINARY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                if (m.get(x, y)) {
                    g.fillRect(x * scale, y * scale, scale, scale);
                }
            }
        }
        g.dispose();
        return img;
    }

    public static void png(LabelContent c, Path file) throws IOException {
        int w = (int) Math.round(WIDTH_MM * PX_PER_MM);
        int h = (int) Math.round(HEIGHT_MM * PX_PER_MM);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        BitMatrix m = qr(c.qrPayload());
        int scale = Math.max(1, (h - 20) / m.getHeight());
        BufferedImage q = qrImage(m, scale);
        g.drawImage(q, 10, (h - q.getHeight()) / 2, null);
        int x = 20 + q.getWidth();
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 64));
        FontMetrics big = g.getFontMetrics();
        int y = 30 + big.getAscent();
        g.drawString(c.device(), x, y);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 26));
        FontMetrics small = g.getFontMetrics();
        int maxWidth = w - x - 10;
        for (String line : c.lines()) {
            for (String part : wrap(line, small::stringWidth, maxWidth)) {
                y += small.getHeight() + 4;
                g.drawString(part, x, y);
            }
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 20));
        g.drawString("FireGrid", x, h - 16);
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    public static void pdf(LabelContent c, Path file) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(WIDTH_MM * PT_PER_MM, HEIGHT_MM * PT_PER_MM));
            doc.addPage(page);
            PDFont font = font(doc);
            BitMatrix m = qr(c.qrPayload());
            PDImageXObject q = LosslessFactory.createFromImage(doc, qrImage(m, 4));
            float h = page.getMediaBox().getHeight();
            float side = h - 6;
            try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
                s.drawImage(q, 3, 3, side, side);
                float x = side + 8;
                float maxWidth = page.getMediaBox().getWidth() - x - 4;
                float y = h - 18;
                text(s, font, 14, x, y, c.device());
                for (String line : c.lines()) {
                    for (String part : wrap(safe(font, line), t -> width(font, 6.5f, t), maxWidth)) {
                        y -= 9;
                        text(s, font, 6.5f, x, y, part);
                    }
                }
                text(s, font, 5, x, 5, "FireGrid");
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            doc.save(file.toFile());
        }
    }

    private static void text(PDPageContentStream s, PDFont font, float size, float x, float y, String t) throws IOException {
        s.beginText();
        s.setFont(font, size);
        s.newLineAtOffset(x, y);
        s.showText(safe(font, t));
        s.endText();
    }

    private static PDFont font(PDDocument doc) throws IOException {
        for (String f : PDF_FONTS) {
            File file = new File(f);
            if (!file.isFile()) {
                continue;
            }
            if (f.endsWith(".ttc")) {
                var ttc = new org.apache.fontbox.ttf.TrueTypeCollection(file);
                var holder = new org.apache.fontbox.ttf.TrueTypeFont[1];
                ttc.processAllFonts(t -> {
                    if (holder[0] == null) {
                        holder[0] = t;
                    }
                });
                if (holder[0] != null) {
                    return PDType0Font.load(doc, holder[0], true);
                }
            } else {
                return PDType0Font.load(doc, file);
            }
        }
        return new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    }

    /** The text with every character the font cannot show replaced by '?'. */
    static String safe(PDFont font, String t) {
        StringBuilder sb = new StringBuilder();
        t.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            try {
                font.encode(ch);
                sb.append(ch);
            } catch (IOException | IllegalArgumentException e) {
                sb.append('?');
            }
        });
        return sb.toString();
    }

    private static float width(PDFont font, float size, String t) {
        try {
            return font.getStringWidth(t) / 1000 * size;
        } catch (IOException e) {
            return t.length() * size * 0.6f;
        }
    }

    /** What separates two fields on one printed line; a line is cut there before anywhere else. */
    static final String FIELD_GAP = "   ";

    /**
     * {@code line} cut into parts no wider than {@code max}: between fields (three spaces) where one
     * fits, so that "Tenant: jinqiao" stays together, else at the last space, else anywhere.
     */
    static List<String> wrap(String line, java.util.function.ToDoubleFunction<String> width, double max) {
        List<String> out = new java.util.ArrayList<>();
        String rest = line;
        while (width.applyAsDouble(rest) > max && rest.length() > 1) {
            int cut = rest.length() - 1;
            while (cut > 1 && width.applyAsDouble(rest.substring(0, cut)) > max) {
                cut--;
            }
            int field = rest.lastIndexOf(FIELD_GAP, cut);
            int space = rest.lastIndexOf(' ', cut);
            if (field > 0) {
                cut = field;
            } else if (space > cut / 2) {
                cut = space;
            }
            out.add(rest.substring(0, cut).strip());
            rest = rest.substring(cut).strip();
        }
        out.add(rest);
        return out;
    }
}
