package io.firegrid.agent.uplink;

import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;

/** Turns {@link MqttUplinkOptions} into Paho's options and Paho's errors into words, and works around Paho 1.2.5. */
final class PahoSettings {


    /** The agent's settings named in the reasons; the uplink itself is configured by {@link MqttUplinkOptions}. */
    private static final String AGENT_URI = MqttUplinkOptions.URI_SETTING.name();
    private static final String AGENT_CA = MqttUplinkOptions.CA_SETTING.name();

    /** Seconds Paho waits for CONNACK. */
    static final int CONNECTION_TIMEOUT_S = 10;

    private PahoSettings() {
    }

    static MqttConnectionOptions connectOptions(MqttUplinkOptions options) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(options.device().authId());
        o.setPassword(options.password().getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(false);
        o.setSessionExpiryInterval(options.sessionExpiry().toSeconds());
        o.setKeepAliveInterval((int) options.keepAlive().toSeconds());
        o.setConnectionTimeout(CONNECTION_TIMEOUT_S);
        // Connector reconnects, with jitter and the gateway's busy answers honoured. Paho 1.2.5's own
        // cycle did neither, shared one doubling wait among all clients of the JVM (agents came back
        // to a restarted gateway minutes apart) and left its timer thread behind on close.
        o.setAutomaticReconnect(false);
        // each PUBLISH sent at once (TCP_NODELAY), which Paho does not ask for: see NoDelaySockets
        o.setSocketFactory(options.tls() == null ? NoDelaySockets.plain() : NoDelaySockets.over(options.tls().socketFactory()));
        // the gateway's certificate must name the host of the URI, whichever CA signed it
        o.setHttpsHostnameVerificationEnabled(true);
        return o;
    }

    /** A one-line reason, naming what to check when the gateway refused the credentials. */
    static String describe(Throwable t) {
        return describe(t, null);
    }

    /**
     * A one-line reason, naming what to check when the gateway refused the credentials or the TLS
     * handshake failed; {@code siteCa} is the CA the agent trusts, null for the JVM's.
     */
    static String describe(Throwable t, SiteTrust siteCa) {
        String tls = tlsProblem(t, siteCa);
        if (tls != null) {
            return tls;
        }
        if (t instanceof MqttException e) {
            int rc = e.getReasonCode();
            if (rc == 0x86 || rc == 0x87 || rc == 4 || rc == 5) {
                return "the gateway refused the credentials (reason " + rc
                        + "): check that the device is registered and its password is right";
            }
            String cause = e.getCause() == null ? "" : " (" + e.getCause() + ")";
            return e.getMessage() + " [reason " + rc + "]" + cause;
        }
        return String.valueOf(t);
    }

    /** What went wrong in a TLS handshake somewhere in {@code t}'s causes, and what to do; null if none did. */
    static String tlsProblem(Throwable t, SiteTrust siteCa) {
        SSLException ssl = null;
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof SSLException e) {
                ssl = e;
                break;
            }
        }
        if (ssl == null) {
            return null;
        }
        String detail = String.valueOf(ssl.getMessage());
        if (detail.contains("No subject alternative") || detail.contains("No name matching")) {
            return "the gateway's certificate does not name the host in " + AGENT_URI + " (" + detail + "): use the "
                    + "name or address the gateway's certificate was made for (its start-up log lists them)";
        }
        if (detail.contains("PKIX") || detail.contains("certification path") || detail.contains("signature check")) {
            return siteCa == null
                    ? "the gateway's certificate is not signed by a CA this Java trusts (" + detail + "): set "
                            + AGENT_CA + " to the gateway's site CA (ca.pem, which 'firegrid config bundle' puts in the bundle)"
                    : "the gateway's certificate is not signed by the site CA in " + siteCa.file() + " (SHA-256 "
                            + siteCa.fingerprint() + "): this device was bundled for another gateway, or the gateway has a new CA; "
                            + "bundle it again ('firegrid config bundle ... --gateway https://GATEWAY:8443') and copy the new "
                            + "ca.pem to " + siteCa.file() + "; messages are kept in the outbox meanwhile";
        }
        if (detail.contains("certificate_required") || detail.contains("bad_certificate") || detail.contains("unknown_ca")
                || detail.contains("certificate_unknown")) {
            return siteCa == null || siteCa.clientCertificate() == null
                    ? "the gateway asks for a client certificate (" + detail + "): set FIREGRID_MQTT_CLIENT_CERT and "
                            + "FIREGRID_MQTT_CLIENT_KEY to the device's certificate and key"
                    : "the gateway refused the device's client certificate " + siteCa.clientCertificate() + " (" + detail
                            + "): it must be signed by a CA the gateway trusts and not expired";
        }
        return "TLS with the gateway failed (" + detail + "): check that " + AGENT_URI + " names the gateway's MQTT over "
                + "TLS port (8883 by default) and that it speaks TLS 1.2 or 1.3";
    }
}
