package io.firegrid.bench;

import io.firegrid.bench.coap.CoapLoadBench;
import io.firegrid.bench.dispatch.DispatchLatencyBench;
import io.firegrid.bench.hono.HonoForwardBench;
import io.firegrid.bench.latency.AlarmLatencyBench;

/** {@code ./firegrid bench <harness> [options]}: the benchmark harnesses; see bench/README.md. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String harness = args.length == 0 ? "help" : args[0];
        switch (harness) {
            case "latency" -> System.exit(AlarmLatencyBench.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            case "visit" -> System.exit(io.firegrid.bench.visit.SiteVisitBench.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            case "dispatch" -> System.exit(DispatchLatencyBench.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            case "console" -> System.exit(io.firegrid.bench.console.ConsoleLoadBench.run(
                    java.util.Arrays.copyOfRange(args, 1, args.length)));
            case "telemetry" -> System.exit(io.firegrid.bench.telemetry.TelemetryLoadBench.run(
                    java.util.Arrays.copyOfRange(args, 1, args.length)));
            case "hono" -> System.exit(HonoForwardBench.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            case "coap" -> System.exit(CoapLoadBench.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            case "gb26875" -> System.exit(io.firegrid.bench.gb26875.Gb26875Bench.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            case "agent" -> System.exit(io.firegrid.bench.agent.AgentBench.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            case "load" -> System.exit(io.firegrid.bench.load.LoadBench.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            case "ingest" -> System.exit(io.firegrid.bench.load.IngestBench.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            case "tsung" -> System.exit(io.firegrid.bench.load.TsungBench.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            case "connections" -> System.exit(io.firegrid.bench.load.ConnectionMemoryBench.run(
                    java.util.Arrays.copyOfRange(args, 1, args.length)));
            case "pdf" -> System.exit(io.firegrid.bench.report.PdfCostBench.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            case "jmh" -> org.openjdk.jmh.Main.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            case "tls" -> System.exit(io.firegrid.bench.tls.TlsBench.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            case "load-devices" -> System.exit(io.firegrid.bench.load.LoadDevices.run(
                    java.util.Arrays.copyOfRange(args, 1, args.length)));
            default -> {
                System.out.println("""
                        Usage: ./firegrid bench latency [--runs N] [--warmup N]
                               ./firegrid bench dispatch [--alarms N] [--warmup N] [--concurrent K]
                               ./firegrid bench visit [--devices N] [--runs R]
                               ./firegrid bench telemetry [--points N] [--batches 500,1000,5000,10000] [--runs R]
                               ./firegrid bench hono [--messages N] [--window W] [--buffer B]
                                                     [--outage-messages M] [--events E]
                                                     [--drain D] [--drain-only] [--rounds R]
                               ./firegrid bench coap [--clients N] [--requests N] [--warmup N] [--rounds N]
                                                     [--baseline-only | --gateway-only]
                               ./firegrid bench gb26875 [--runs N] [--warmup N] [--uitds U] [--frames F]
                               ./firegrid bench agent [--messages N] [--starts N]
                               ./firegrid bench console [--consoles N] [--seconds S] [--devices D]
                               ./firegrid bench load [--devices N] [--rate R] [--seconds S] [--probe-rate R]
                                                     [--storm] [--password-iterations I] [--processes P]
                               ./firegrid bench ingest [--devices N] [--readings R] [--window W] [--rounds K]
                                                       [--processes P] [--password-iterations I] [--jfr FILE]
                               ./firegrid bench tsung [--clients N] [--readings R] [--password-iterations I] [--no-mosquitto]
                               ./firegrid bench connections [--counts 1000,5000,10000,max] [--per-process N] [--no-mosquitto]
                               ./firegrid bench tls [--seconds S] [--messages N] [--warmup N]
                               ./firegrid bench jmh [REGEX] [JMH OPTIONS, e.g. -f 1 -wi 2 -i 3]
                               ./firegrid bench pdf [--runs N] [--alarms A]

                          jmh       micro-benchmarks of the hot paths, each with a baseline in the same run:
                                    the codec (against Jackson's tree parse of the same bytes), topic
                                    parsing (against String.split), a group commit of 256 readings into
                                    SQLite with fsync (against one prepared statement for the batch), the
                                    PUBACK of a stored reading (against Netty's MqttEncoder).
                          latency   time from a smoke contact closing on an edge agent (Pi4J mock) to the
                                    fire alarm on the gateway's live stream, against the same agent
                                    publishing through a Mosquitto broker to a subscriber, in one run.
                                    Needs Debian's mosquitto for the baseline (apt-get install mosquitto).
                          dispatch  time from a smoke alarm event handed to an MQTT client to the alarm
                                    frame on the live stream and to the first webhook POST at a receiver,
                                    through a gateway with a community set up through its API; one alarm
                                    at a time (defaults: 1000 alarms after 100 warm-up), and K in flight
                                    with --concurrent K. Baseline: the same client through Mosquitto.
                          visit     an installer's site of N devices (default 50): bundle, register,
                                    agents started from their bundles (mock GPIO), verify until all pass;
                                    each phase and bundle -> verify passing, median of R runs (default 3).
                          telemetry points/s the gateway's InfluxDB sink sustains into Debian's influxd
                                    per batch size; baseline: influxdb-java's write() without the sink.
                          hono      messages/s a gateway forwards to an AMQP 1.0 peer standing in for Hono's
                                    AMQP adapter (Apache ActiveMQ Artemis on loopback), against a plain AMQP
                                    client sending the same bodies in the same run; then the peer is killed,
                                    devices keep publishing, and the buffer's contents and drain are shown.
                          coap      requests/s, latency, CPU and thread wake-ups per request of confirmable
                                    telemetry POSTs through the CoAP endpoints, plain and DTLS PSK, from N
                                    Californium clients (one device each), each answered after the commit,
                                    against a bare Californium server answering 2.04 at once in the same run.
                          gb26875   a UITD's fire frame -> confirm (alarm stored) against an MQTT QoS 1
                                    smoke event -> PUBACK on the same gateway; frames/s of U UITDs.
                          agent     the edge agent under -Xmx64m: heap and RSS with N messages queued
                                    (default 100000) while the gateway is down, the rate at which they
                                    are replayed to a gateway against the same replay to Mosquitto,
                                    and the time from process start to first message.
                          console   CPU time and RSS of a gateway process (from /proc) with N open consoles
                                    (default 20: live stream + the page's API calls) against none, under the
                                    same device load, S seconds per phase (default 60).
                          load      a smoke alarm's PUBLISH -> live stream latency (p50/p99/p99.9/max) while N
                                    devices (default 1000, own processes, MQTT 5) publish QoS 1 telemetry at R/s
                                    each, against the same probe with no load; telemetry PUBACK latency and
                                    refusals; with --storm, kill -9 of the gateway under load, restart, and
                                    the time until all devices are connected again.
                          tsung     the ingest load driven by Debian's tsung (bench/tsung/qos1-readings.xml):
                                    N clients with their own credentials, R QoS 1 readings each, against
                                    Mosquitto and then the gateway in one run; msg/s, PUBACK mean/max, ratio.
                          connections  heap after a full GC, RSS and open files of the gateway holding N idle,
                                    authenticated MQTT connections (load processes of their own), against
                                    Mosquitto holding the same; per connection, and extrapolated to 20,000.
                          tls       full TLS handshakes/s on the MQTTS port from one client thread (TLS 1.3
                                    and 1.2, and openssl s_time when installed), and QoS 1 PUBLISH -> PUBACK
                                    latency over MQTTS against plain MQTT in the same run, as a ratio.
                        """);
                System.exit(harness.equals("help") || harness.equals("--help") ? 0 : 2);
            }
        }
    }
}
