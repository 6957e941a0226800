package io.firegrid.bench;

import io.firegrid.bench.coap.CoapLoadBench;
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
            case "dispatch" -> System.exit(DispatchLatencyBench.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            case "coap" -> System.exit(CoapLoadBench.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            default -> {
                System.out.println("""
                        Usage: ./firegrid bench latency [--runs N] [--warmup N]
                               ./firegrid bench dispatch [--alarms N] [--warmup N] [--concurrent K]
                               ./firegrid bench coap [--clients N] [--requests N] [--warmup N]

                          latency   time from a smoke contact closing on an edge agent (Pi4J mock) to the
                                    fire alarm on the gateway's live stream, against the same agent
                                    publishing through a Mosquitto broker to a subscriber, in one run.
                                    Needs Debian's mosquitto for the baseline (apt-get install mosquitto).
                          dispatch  time from a smoke alarm event handed to an MQTT client to the alarm
                                    frame on the live stream and to the first webhook POST at a receiver,
                                    through a gateway with a community set up through its API; one alarm
                                    at a time (defaults: 1000 alarms after 100 warm-up), and K in flight
                                    with --concurrent K. Baseline: the same client through Mosquitto.
                          coap      requests/s and latency (median, p90, p99) of confirmable telemetry
                                    POSTs through the CoAP endpoints, plain and DTLS PSK, from N
                                    Californium clients (one device each), each answered after the commit.
                        """);
                System.exit(harness.equals("help") || harness.equals("--help") ? 0 : 2);
            }
        }
    }
}
