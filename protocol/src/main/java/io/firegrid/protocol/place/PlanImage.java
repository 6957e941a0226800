package io.firegrid.protocol.place;

import io.firegrid.protocol.FireGridException;
import java.io.ByteArrayInputStream;
import java.util.Locale;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * What an uploaded floor plan is, decided by its bytes, never by what the client says: PNG by its
 * 8-byte signature, JPEG by its start-of-image marker, SVG by parsing it. An SVG is taken only when
 * it holds nothing active: no {@code <script>}, no {@code <foreignObject>}, no {@code on*} event
 * attribute, no DOCTYPE (so no entity expansion), and no link ({@code href}, {@code xlink:href}) but
 * to a fragment of itself ({@code #id}) or an embedded raster image ({@code data:image/png},
 * {@code data:image/jpeg}); anything else is refused with {@code unsafe-svg} naming what was found.
 * Plans are served with a sandboxing content security policy as well (see docs/floor-plans.md).
 * Shared by the gateway, which checks every upload, and the installer's CLI, which checks the plans an
 * inventory names before it sends any. Stateless and thread-safe.
 */
public final class PlanImage {

    /**
     * Largest plan taken: a floor scanned at 300 dpi and saved as PNG or a detailed SVG export is
     * 1 to 3 MiB; 4 MiB leaves room and keeps 100 plans of a community under half a gigabyte.
     */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    /** The kinds of plan taken, with their media type and file extension. */
    public enum Type {
        PNG("image/png", "png"), JPEG("image/jpeg", "jpg"), SVG("image/svg+xml", "svg");

        private final String mediaType;
        private final String extension;

        Type(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        public String mediaType() {
            return mediaType;
        }

        public String extension() {
            return extension;
        }

        /** The type of a media type as a client sends it ({@code image/png; charset=...}, {@code image/jpg}); empty if none. */
        public static Optional<Type> ofMediaType(String header) {
            if (header == null) {
                return Optional.empty();
            }
            String m = header.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            return switch (m) {
                case "image/png" -> Optional.of(PNG);
                case "image/jpeg", "image/jpg", "image/pjpeg" -> Optional.of(JPEG);
                case "image/svg+xml" -> Optional.of(SVG);
                default -> Optional.empty();
            };
        }
    }

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PlanImage() {
    }

    /**
     * The type of {@code bytes}; refuses with {@code BAD_REQUEST/unsupported-plan} what is none of
     * PNG, JPEG or SVG, and with {@code BAD_REQUEST/unsafe-svg} an SVG holding something active.
     * (The routes answer {@code unsupported-plan} with 415.)
     */
    public static Type typeOf(byte[] bytes) {
        if (startsWith(bytes, PNG_SIGNATURE)) {
            return Type.PNG;
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return Type.JPEG;
        }
        if (looksLikeXml(bytes)) {
            checkSvg(bytes);
            return Type.SVG;
        }
        throw FireGridException.badRequest("unsupported-plan", "the plan is not a PNG, JPEG or SVG image (its first bytes are "
                + hex(bytes) + ")").withHint("export the plan as PNG, JPEG or SVG");
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Starts, after an optional UTF-8 byte order mark and white space, with {@code <}. */
    private static boolean looksLikeXml(byte[] bytes) {
        int i = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) {
            i++;
        }
        return i < bytes.length && bytes[i] == '<';
    }

    private static void checkSvg(byte[] bytes) {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        XMLStreamReader r = null;
        boolean root = true;
        try {
            r = f.createXMLStreamReader(new ByteArrayInputStream(bytes));
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw unsafe("a DOCTYPE or entity");
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String name = r.getLocalName().toLowerCase(Locale.ROOT);
                if (root && !("svg".equals(name) && "http://www.w3.org/2000/svg".equals(r.getNamespaceURI()))) {
                    throw FireGridException.badRequest("unsupported-plan", "the plan is XML but not SVG: its root element is <"
                            + r.getLocalName() + "> (an SVG's is <svg xmlns=\"http://www.w3.org/2000/svg\">)");
                }
                root = false;
                if ("script".equals(name) || "foreignobject".equals(name) || "iframe".equals(name) || "embed".equals(name)
                        || "object".equals(name) || "handler".equals(name) || "listener".equals(name)) {
                    throw unsafe("a <" + r.getLocalName() + "> element");
                }
                for (int i = 0; i < r.getAttributeCount(); i++) {
                    String attr = r.getAttributeLocalName(i).toLowerCase(Locale.ROOT);
                    String value = r.getAttributeValue(i).strip().toLowerCase(Locale.ROOT);
                    if (attr.startsWith("on")) {
                        throw unsafe("an event attribute " + r.getAttributeLocalName(i) + " on <" + r.getLocalName() + ">");
                    }
                    if (("href".equals(attr) || "src".equals(attr)) && !value.startsWith("#")
                            && !value.startsWith("data:image/png") && !value.startsWith("data:image/jpeg")) {
                        throw unsafe("a link to '" + abbreviate(r.getAttributeValue(i)) + "' on <" + r.getLocalName() + ">");
                    }
                    if (value.contains("javascript:") || (("style".equals(attr)) && value.contains("url(")
                            && !value.contains("url(#"))) {
                        throw unsafe("a script or external reference in " + r.getAttributeLocalName(i) + " of <"
                                + r.getLocalName() + ">");
                    }
                }
            }
            if (root) {
                throw FireGridException.badRequest("unsupported-plan", "the plan is not a PNG, JPEG or SVG image (no element found)");
            }
        } catch (XMLStreamException e) {
            throw FireGridException.badRequest("unsupported-plan", "the plan looks like SVG but is not well-formed XML: "
                    + e.getMessage().replace('\n', ' ')).withHint("check the file opens in a browser, or export it as PNG");
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing held beyond the byte array
                }
            }
        }
    }

    private static FireGridException unsafe(String what) {
        return FireGridException.badRequest("unsafe-svg", "the SVG plan holds " + what
                + ", which a plan must not (no scripts, event handlers, embedded pages or external links)")
                .withHint("export the drawing again as plain SVG, or as PNG");
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    private static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            b.append(String.format(Locale.ROOT, "%02x", bytes[i] & 0xff)).append(i < Math.min(8, bytes.length) - 1 ? " " : "");
        }
        return bytes.length == 0 ? "none: the body is empty" : b.toString();
    }
}
