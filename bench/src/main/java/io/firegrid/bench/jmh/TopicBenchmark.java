package io.firegrid.bench.jmh;

import io.firegrid.protocol.Topic;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Topic parsing, once per MQTT PUBLISH: the Hono-style telemetry and event topics with tenant and
 * device. The baseline splits the same string on '/' and does nothing else.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TopicBenchmark {

    private String telemetry = "telemetry/jinqiao/pi-0001";
    private String event = "event/jinqiao/pi-0001";

    @Benchmark
    public Topic parseTelemetry() {
        return Topic.parse(telemetry);
    }

    @Benchmark
    public Topic parseEvent() {
        return Topic.parse(event);
    }

    @Benchmark
    public String[] baselineSplit() {
        return telemetry.split("/");
    }
}
