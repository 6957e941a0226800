package io.firegrid.bench.latency;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** The baseline's subscriber: a Paho MQTT 5 client that hands each message's body and arrival time to a consumer. */
public final class Subscriber {

    private Subscriber() {
    }

    /** Connects to {@code uri}, subscribes {@code topic} at QoS 1; {@code onMessage} gets (body, System.nanoTime()). */
    public static MqttAsyncClient connect(String uri, String topic, long timeoutMs, BiConsumer<String, Long> onMessage)
            throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(uri, "bench-subscriber-" + System.nanoTime(), new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String t, MqttMessage m) {
                long nanos = System.nanoTime();
                onMessage.accept(new String(m.getPayload(), StandardCharsets.UTF_8), nanos);
            }

            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void deliveryComplete(IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties p) {
            }
        });
        c.connect(new MqttConnectionOptions()).waitForCompletion(timeoutMs);
        c.subscribe(topic, 1).waitForCompletion(timeoutMs);
        return c;
    }
}
