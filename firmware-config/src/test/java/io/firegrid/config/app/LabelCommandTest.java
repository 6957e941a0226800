package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelCommandTest {

    @TempDir
    Path dir;

    @Test
    void labelQrCodeDecodesToTheDeviceSiteLocationAndDateAndThePdfSaysTheSame() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", "--tenant", "jinqiao", f.toString());
        Files.writeString(f, Files.readString(f).replace("Basement pump room", "地下室泵房 (basement pump room)"));
        Path out = dir.resolve("labels");

        Cli l = Cli.run("label", f.toString(), "--out", out.toString(), "--date", "2026-11-28");

        assertThat(l.exit()).as(l.out() + l.err()).isZero();
        assertThat(l.out()).contains("2 labels in " + out + " (installed 2026-11-28)");
        JsonNode qr = new ObjectMapper().readTree(decodeQr(out.resolve("pi-0002.png")));
        assertThat(qr.get("tenant").asText()).isEqualTo("jinqiao");
        assertThat(qr.get("device").asText()).isEqualTo("pi-0002");
        assertThat(qr.get("site").asText()).isEqualTo("bldg-7");
        assertThat(qr.get("location").asText()).isEqualTo("地下室泵房 (basement pump room)");
        assertThat(qr.get("installed").asText()).isEqualTo("2026-11-28");
        try (PDDocument pdf = Loader.loadPDF(out.resolve("pi-0001.pdf").toFile())) {
            assertThat(pdf.getNumberOfPages()).isEqualTo(1);
            String text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
            assertThat(text).contains("pi-0001").contains("Building 7, Jinqiao Garden (bldg-7)")
                    .contains("Ground floor lobby").contains("Installed: 2026-11-28");
        }
        assertThat(new ObjectMapper().readTree(decodeQr(out.resolve("pi-0001.png"))).get("device").asText()).isEqualTo("pi-0001");
    }

    @Test
    void refusesADeviceNotInTheInventoryAndWritesNothing() {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", f.toString());

        Cli l = Cli.run("label", f.toString(), "--device", "pi-9999", "--out", dir.resolve("labels").toString());

        assertThat(l.exit()).isEqualTo(1);
        assertThat(l.err()).contains("device 'pi-9999' is not in " + f);
        assertThat(dir.resolve("labels")).doesNotExist();
    }

    private static String decodeQr(Path png) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(img.getWidth(), img.getHeight(), px)));
        return new QRCodeReader().decode(bitmap).getText();
    }
}
