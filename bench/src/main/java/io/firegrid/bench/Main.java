package io.firegrid.bench;

import io.firegrid.bench.dispatch.DispatchLatencyBench;
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
            default -> {
                System.out.println("""
                        Usage: ./firegrid bench latency [--runs N] [--warmup N]
                               ./firegrid bench dispatch [--alarms N] [--warmup N] [--concurrent K]
                               ./firegrid bench visit [--devices N] [--runs R]
                               ./firegrid bench telemetry [--points N] [--batches 500,1000,5000,10000] [--runs R]
                               ./firegrid bench console [--consoles N] [--seconds S] [--devices D]

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
                          console   CPU time and RSS of a gateway process (from /proc) with N open consoles
                                    (default 20: live stream + the page's API calls) against none, under the
                                    same device load, S seconds per phase (default 60).
                        """);
                System.exit(harness.equals("help") || harness.equals("--help") ? 0 : 2);
            }
        }
    }
}
