package io.firegrid.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.MessageCodec;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The wire codec on the bodies an edge agent sends: one event, and a readings message of ten
 * values (a device's hydrant plus its heartbeat values). The baseline is Jackson's tree parse of the
 * same bytes, with nothing checked: the decode reads the bytes with Jackson's streaming parser and
 * builds no tree, so the ratio says what parsing, checking and building the typed message cost
 * against merely parsing the body into a tree.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

    private final MessageCodec codec = new MessageCodec();
    private final ObjectMapper mapper = new ObjectMapper();
    private byte[] event;
    private byte[] readings;
    private Event eventMessage;

    @Setup
    public void bodies() {
        Instant ts = Instant.parse("2026-12-07T03:00:01.250Z");
        eventMessage = new Event(ts, 4711, "smoke-1", Kind.SMOKE, io.firegrid.protocol.State.ALARM);
        event = codec.encode(eventMessage);
        List<Reading> values = new ArrayList<>();
        values.add(new Reading("hydrant-1", Kind.PRESSURE, 0.382, "MPa"));
        for (int i = 0; i < 9; i++) {
            values.add(new Reading("agent.value-" + i, Kind.DEVICE, 1000.0 + i, "s"));
        }
        readings = codec.encode(new Readings(ts, 4712, values));
    }

    @Benchmark
    public DeviceMessage decodeEvent() {
        return codec.decodeEvent(event);
    }

    @Benchmark
    public JsonNode baselineJacksonTreeOfEvent() throws IOException {
        return mapper.readTree(event);
    }

    @Benchmark
    public DeviceMessage decodeReadings() {
        return codec.decodeReadings(readings);
    }

    @Benchmark
    public JsonNode baselineJacksonTreeOfReadings() throws IOException {
        return mapper.readTree(readings);
    }

    @Benchmark
    public byte[] encodeEvent() {
        return codec.encode(eventMessage);
    }
}
