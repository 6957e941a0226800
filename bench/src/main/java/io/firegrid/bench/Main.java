package io.firegrid.bench;

import io.firegrid.bench.latency.AlarmLatencyBench;

/** {@code ./firegrid bench <harness> [options]}: the benchmark harnesses; see bench/README.md. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String harness = args.length == 0 ? "help" : args[0];
        switch (harness) {
            case "latency" -> System.exit(AlarmLatencyBench.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            default -> {
                System.out.println("""
                        Usage: ./firegrid bench latency [--runs N] [--warmup N]

                          latency   time from a smoke contact closing on an edge agent (Pi4J mock) to the
                                    fire alarm on the gateway's live stream, against the same agent
                                    publishing through a Mosquitto broker to a subscriber, in one run.
                                    Needs Debian's mosquitto for the baseline (apt-get install mosquitto).
                        """);
                System.exit(harness.equals("help") || harness.equals("--help") ? 0 : 2);
            }
        }
    }
}
