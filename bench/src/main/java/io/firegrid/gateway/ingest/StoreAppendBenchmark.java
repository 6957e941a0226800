package io.firegrid.gateway.ingest;

import io.firegrid.gateway.storage.StatementCache;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.MessageCodec;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Appending readings to the {@code messages} table as the store's writer does: a group commit of
 * {@link #BATCH} messages in one transaction on a SQLite file with the gateway's pragmas (WAL,
 * {@code synchronous=FULL}: the commit is fsync'd), its statement taken from the writer's
 * {@link StatementCache}. Reported per message. The baseline inserts the same rows through one
 * prepared statement reused for the whole batch, so the difference is what the store's own path
 * adds; the commit's fsync is in both.
 *
 * <p>In the gateway's package, because the table's SQL is package-private there.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StoreAppendBenchmark {

    static final int BATCH = 256;

    /** Where the file lives: the default temp directory, or one given with -p dir=... (e.g. the data disk). */
    @Param({""})
    public String dir;

    private final DeviceId device = new DeviceId("jinqiao", "pi-0001");
    private Path file;
    private Connection c;
    private StatementCache statements;
    private DeviceMessage reading;
    private byte[] body;
    private long seq;

    @Setup(Level.Trial)
    public void open() throws IOException, SQLException {
        file = dir.isEmpty() ? Files.createTempFile("firegrid-store-bench", ".db")
                : Files.createTempFile(Path.of(dir), "firegrid-store-bench", ".db");
        c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=FULL");
            for (String sql : MessageStore.SCHEMA) {
                st.execute(sql);
            }
        }
        c.setAutoCommit(false);
        statements = new StatementCache(c);
        reading = new Readings(Instant.parse("2026-12-07T03:00:01.250Z"), 1,
                List.of(new Reading("hydrant-1", Kind.PRESSURE, 0.382, "MPa")));
        body = new MessageCodec().encode(reading);
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException, IOException {
        statements.close();
        c.close();
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void groupCommitAsTheStoreDoes() throws SQLException {
        Instant now = Instant.now();
        for (int i = 0; i < BATCH; i++) {
            Readings r = (Readings) reading;
            MessageStore.insert(statements, c, device, new Readings(r.ts(), ++seq, r.readings()), body, "mqtt", now);
        }
        c.commit();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void baselineOneStatementForTheBatch() throws SQLException {
        Instant now = Instant.now();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR IGNORE INTO messages(tenant, device, seq, endpoint, protocol, received_at, body) VALUES (?,?,?,?,?,?,?)")) {
            String text = new String(body, StandardCharsets.UTF_8);
            for (int i = 0; i < BATCH; i++) {
                ps.setString(1, device.tenant());
                ps.setString(2, device.device());
                ps.setLong(3, ++seq);
                ps.setString(4, "telemetry");
                ps.setString(5, "mqtt");
                ps.setString(6, now.toString());
                ps.setString(7, text);
                ps.executeUpdate();
            }
        }
        c.commit();
    }
}
