package io.firegrid.gateway.support;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/** A device speaking MQTT 5 through Paho's async client, reporting the reason codes it gets back. */
public final class Mqtt5Device implements AutoCloseable {

    /** What the gateway answered to one PUBLISH. */
    public record Ack(int reasonCode, String reasonString) {
        public boolean accepted() {
            return reasonCode < 0x80;
        }
    }

    private final MqttAsyncClient client;
    private final CompletableFuture<MqttDisconnectResponse> disconnected = new CompletableFuture<>();

    private Mqtt5Device(MqttAsyncClient client) {
        this.client = client;
    }

    /** Connects; throws the MqttException of a refused CONNECT. */
    public static Mqtt5Device connect(String serverUri, String authId, String password) throws MqttException {
        return connect(serverUri, authId, password, o -> { });
    }

    /** Connects with {@code options} applied to Paho's connection options (user properties, ...). */
    public static Mqtt5Device connect(String serverUri, String authId, String password,
                                      java.util.function.Consumer<MqttConnectionOptions> options) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(serverUri, authId + "-" + System.nanoTime(), new MemoryPersistence());
        Mqtt5Device device = new Mqtt5Device(c);
        c.setCallback(new PahoCallback((topic, m) -> { }, device.disconnected::complete));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(authId);
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        o.setConnectionTimeout(5);
        options.accept(o);
        c.connect(o).waitForCompletion(10_000);
        return device;
    }

    public Ack publish(String topic, byte[] body, int qos) throws MqttException {
        MqttMessage m = new MqttMessage(body);
        m.setQos(qos);
        IMqttToken token = client.publish(topic, m);
        token.waitForCompletion(10_000);
        int[] codes = token.getReasonCodes();
        String reason = token.getResponseProperties() == null ? null : token.getResponseProperties().getReasonString();
        return new Ack(codes == null || codes.length == 0 ? 0 : codes[0], reason);
    }

    /** Publishes without waiting for the answer. */
    public void publishAsync(String topic, byte[] body, int qos, MqttActionListener listener) throws MqttException {
        MqttMessage m = new MqttMessage(body);
        m.setQos(qos);
        client.publish(topic, m, null, listener);
    }

    /** Completes when the server disconnects this client, with the DISCONNECT reason. */
    public CompletableFuture<MqttDisconnectResponse> disconnected() {
        return disconnected;
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    public int[] subscribe(String filter, int qos) throws MqttException {
        IMqttToken t = client.subscribe(filter, qos);
        t.waitForCompletion(10_000);
        return t.getReasonCodes();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close(true);
    }

    public static MqttDisconnectResponse await(CompletableFuture<MqttDisconnectResponse> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }
}
