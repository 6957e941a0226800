package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.mqtt.MqttServerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The MQTT listener spreads connections over every event loop: one server per loop on one port,
 * handed connections in turn by Vert.x, so no single loop carries every device.
 */
class MqttListenerLoopsTest {

    private static final int LOOPS = 4;

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(LOOPS));
    private final List<MqttClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (MqttClient c : clients) {
            c.disconnectForcibly(0, 1000, false);
            c.close(true);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void connectionsOnOnePortAreHandledOnEveryEventLoop() throws Exception {
        // GIVEN a listener on a random port of a Vert.x with 4 event loops
        Set<String> threads = ConcurrentHashMap.newKeySet();
        MqttListener listener = new MqttListener(vertx, new MqttServerOptions().setHost("127.0.0.1").setPort(0),
                null, MqttLimits.DEFAULTS, new MqttAdmission(MqttLimits.DEFAULTS, System::nanoTime), (endpoint, connection) -> {
                    threads.add(Thread.currentThread().getName());
                    endpoint.accept(false);
                }, (e, address) -> { }, t -> { });
        int port = listener.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        // WHEN 8 clients connect to that one port
        for (int i = 0; i < 2 * LOOPS; i++) {
            MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, "c" + i, new MemoryPersistence());
            clients.add(c);
            c.connect(new MqttConnectionOptions());
        }

        // THEN one server per loop shares the port, and the CONNECTs were handled on all 4 loops
        assertThat(listener.servers()).isEqualTo(LOOPS);
        assertThat(threads).hasSize(LOOPS).allMatch(name -> name.startsWith("vert.x-eventloop-thread-"));
    }
}
