package io.firegrid.config.bundle;

import java.io.IOException;

/**
 * A device's TLS client certificate and its private key, PEM, as the gateway issued them from its
 * site CA ({@code CN={device}@{tenant}}); the agent presents them on MQTT over TLS instead of its
 * password. {@link #key} is a secret: it goes into the bundle with mode 600 and is moved off the
 * card on first boot.
 *
 * @param notAfter the end of its validity, ISO-8601, as the gateway gives it
 */
public record ClientCertificate(String certificate, String key, String notAfter) {

    /** Where the agent's settings say the certificate and key are on the device; the first boot puts them there. */
    public static final String DEVICE_CERT = "/etc/firegrid/client.pem";
    public static final String DEVICE_KEY = "/etc/firegrid/client.key";
    /** Their names in the bundle, beside the agent's settings. */
    public static final String CERT_FILE = "client.pem";
    public static final String KEY_FILE = "client.key";

    @Override
    public String toString() {
        return "ClientCertificate[notAfter=" + notAfter + ", key=***]";
    }

    /** Issues the certificate of one device. */
    public interface Source {

        /**
         * @throws DeviceRefused       this device gets none (e.g. the gateway does not know it); the others may
         * @throws IOException         no device can get one (the gateway is unreachable or cannot issue any);
         *                             the message says what to do
         */
        ClientCertificate issue(String tenant, String device) throws DeviceRefused, IOException, InterruptedException;
    }

    /** One device gets no certificate; the message says why and what to do. */
    public static final class DeviceRefused extends Exception {

        public DeviceRefused(String message) {
            super(message);
        }
    }
}
