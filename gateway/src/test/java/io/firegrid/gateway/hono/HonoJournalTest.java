package io.firegrid.gateway.hono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.hono.HonoOutbox.Kind;
import io.firegrid.gateway.hono.HonoOutbox.Outgoing;
import io.firegrid.gateway.ingest.IngestService;
import io.firegrid.gateway.storage.Database;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.MessageCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal in the gateway's store and the buffer's high-water mark: what the gateway committed
 * but a crash kept from the buffer is copied into it at the next start, once and in order.
 */
class HonoJournalTest {

    static final DeviceId PI = new DeviceId("t1", "pi-1");
    static final DeviceId OTHER = new DeviceId("t2", "pi-9");

    @TempDir
    Path dir;
    Vertx vertx;
    Database store;
    HonoJournal journal;
    HonoConfig unreachable;

    @BeforeEach
    void openStore() throws Exception {
        vertx = Vertx.vertx();
        store = Database.open(dir.resolve("firegrid.db"), IngestService.schema());
        journal = get(HonoJournal.open(store));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        unreachable = HonoConfig.to("127.0.0.1", closedPort, "gw-1@t1", "secret")
                .withReconnect(Duration.ofMillis(100), Duration.ofMillis(500));
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        store.close();
    }

    @Test
    void committedMessagesTheBufferHadNotTakenAreBufferedAtStartOnceAndInOrder() throws Exception {
        // GIVEN four messages committed with their journal rows, of which the buffer took only the first
        long first = store(PI, 1, "telemetry", readings(1));
        store(PI, 2, "event", smoke(2));
        store(OTHER, 1, "event", smoke(1));
        long last = store(PI, 3, "telemetry", readings(3));
        try (HonoOutbox outbox = HonoOutbox.open(dir.resolve("hono-outbox.db"), 100)) {
            get(outbox.appendAll(get(journal.after(0, 1)), first));
        }

        // WHEN the connector starts (Hono unreachable: everything stays buffered)
        HonoConnector connector = HonoConnector.start(vertx, unreachable, dir, journal, new SimpleMeterRegistry());
        await().atMost(Duration.ofSeconds(10)).until(() -> connector.waiting() == 3);
        connector.close();

        // THEN the buffer holds each of the gateway's tenant's messages once, in commit order, and its mark is the last row
        try (HonoOutbox outbox = HonoOutbox.open(dir.resolve("hono-outbox.db"), 100)) {
            // in the order of their ids, which is commit order (next() sends events first)
            List<Outgoing> waiting = get(outbox.next(100)).stream()
                    .sorted(java.util.Comparator.comparingLong(Outgoing::id)).toList();
            assertThat(waiting).extracting(o -> new String(o.body(), StandardCharsets.UTF_8))
                    .containsExactly(readings(1), smoke(2), readings(3));
            assertThat(waiting).extracting(Outgoing::kind).containsExactly(Kind.TELEMETRY, Kind.EVENT, Kind.TELEMETRY);
            assertThat(get(outbox.mark())).isEqualTo(last);
        }
        // AND the journal rows the buffer holds are deleted from the gateway's store
        await().atMost(Duration.ofSeconds(10)).until(() -> get(journal.after(0, 10)).isEmpty());
    }

    @Test
    void aBufferAheadOfAFreshStoreTakesTheWholeJournal() throws Exception {
        // GIVEN a buffer whose mark is beyond anything the (new) store's journal ever numbered
        try (HonoOutbox outbox = HonoOutbox.open(dir.resolve("hono-outbox.db"), 100)) {
            get(outbox.appendAll(List.of(), 1_000));
        }
        store(PI, 7, "event", smoke(7));

        // WHEN the connector starts, THEN the store's message is buffered, not skipped as if already taken
        HonoConnector connector = HonoConnector.start(vertx, unreachable, dir, journal, new SimpleMeterRegistry());
        await().atMost(Duration.ofSeconds(10)).until(() -> connector.waiting() == 1);
        connector.close();
    }

    @Test
    void bodiesComeOutByteForByteAndARowWhoseMessageIsGoneIsSkippedNotSent() throws Exception {
        // GIVEN a reading with text beyond ASCII, and an event whose stored message was deleted afterwards
        String chinese = "{\"ts\":\"2026-11-28T12:00:00Z\",\"seq\":1,\"note\":\"3号楼东侧消火栓\",\"readings\":[{\"sensor\":\"h-1\","
                + "\"kind\":\"pressure\",\"value\":0.3,\"unit\":\"MPa\"}]}";
        store(PI, 1, "telemetry", chinese);
        long gone = store(PI, 2, "event", smoke(2));
        get(store.write(c -> c.createStatement().executeUpdate("DELETE FROM messages WHERE seq = 2")));

        List<HonoJournal.Entry> entries = get(journal.after(0, 10));

        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).body()).isEqualTo(chinese.getBytes(StandardCharsets.UTF_8));
        assertThat(entries.get(0).kind()).isEqualTo(Kind.TELEMETRY);
        // the row stays in order (the buffer's mark passes it) but carries nothing to send
        assertThat(entries.get(1).id()).isEqualTo(gone);
        assertThat(entries.get(1).kind()).isNull();
        assertThat(entries.get(1).body()).isNull();
    }

    /** Stores a message and its journal row in one transaction, as the ingest path does; returns the row's id. */
    private long store(DeviceId device, long seq, String endpoint, String body) throws Exception {
        DeviceMessage message = new MessageCodec().decode(endpointOf(endpoint), body.getBytes(StandardCharsets.UTF_8));
        return get(store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages(tenant, device, seq, endpoint, protocol, "
                    + "received_at, body) VALUES (?,?,?,?,'mqtt','2026-11-28T12:00:00Z',?)")) {
                ps.setString(1, device.tenant());
                ps.setString(2, device.device());
                ps.setLong(3, seq);
                ps.setString(4, endpoint);
                ps.setString(5, body);
                ps.executeUpdate();
            }
            journal.message(c, device, message);
            try (var rs = c.createStatement().executeQuery("SELECT last_insert_rowid()")) {
                return rs.getLong(1);
            }
        }));
    }

    private static io.firegrid.protocol.Endpoint endpointOf(String wireName) {
        return "telemetry".equals(wireName) ? io.firegrid.protocol.Endpoint.TELEMETRY : io.firegrid.protocol.Endpoint.EVENT;
    }

    private static String readings(long seq) {
        return "{\"ts\":\"2026-11-28T12:00:00Z\",\"seq\":" + seq + ",\"readings\":[{\"sensor\":\"h-1\","
                + "\"kind\":\"pressure\",\"value\":0.3,\"unit\":\"MPa\"}]}";
    }

    private static String smoke(long seq) {
        return "{\"ts\":\"2026-11-28T12:00:01Z\",\"seq\":" + seq + ",\"sensor\":\"smoke-1\",\"kind\":\"smoke\",\"state\":\"alarm\"}";
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
