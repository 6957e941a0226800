package io.firegrid.agent.uplink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away certificate authority made with the {@code openssl} command line, as a site CA
 * stands in for the gateway's: {@link #create} makes the CA (P-256, 2 days), {@link #issue} a
 * server certificate signed by it for the names given.
 */
final class TestPki {

    /** A server certificate, its key, and the CA that signed it, as PEM files. */
    record Issued(Path caPem, Path certPem, Path keyPem) {
    }

    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /** A new CA named {@code name} under {@code dir}. */
    static TestPki create(Path dir, String name) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        TestPki pki = new TestPki(dir);
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve("ca.key").toString(), "-out", pki.caPem().toString(), "-days", "2",
                "-subj", "/CN=" + name, "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return pki;
    }

    Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** A server certificate for {@code subjectAltNames} (e.g. {@code IP:127.0.0.1}, {@code DNS:localhost}). */
    Issued issue(String name, String... subjectAltNames) throws IOException, InterruptedException {
        return issueFor(name, "serverAuth", subjectAltNames);
    }

    /** A device's client certificate, for a broker that asks for one. */
    Issued issueClient(String name) throws IOException, InterruptedException {
        return issueFor(name, "clientAuth", "DNS:" + name);
    }

    private Issued issueFor(String name, String usage, String... subjectAltNames) throws IOException, InterruptedException {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, "subjectAltName=" + String.join(",", subjectAltNames) + "\n"
                + "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=" + usage + "\n");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(),
                "-out", csr.toString(), "-subj", "/CN=" + name);
        openssl("x509", "-req", "-in", csr.toString(), "-CA", caPem().toString(), "-CAkey", dir.resolve("ca.key").toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
        return new Issued(caPem(), cert, key);
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(command + " failed: " + output);
        }
    }
}
