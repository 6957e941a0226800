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
            case "dispatch" -> System.exit(DispatchLatencyBench.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            case "agent" -> System.exit(io.firegrid.bench.agent.AgentBench.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            default -> {
                System.out.println("""
                        Usage: ./firegrid bench latency [--runs N] [--warmup N]
                               ./firegrid bench dispatch [--alarms N] [--warmup N] [--concurrent K]
                               ./firegrid bench agent [--messages N] [--starts N]

                          latency   time from a smoke contact closing on an edge agent (Pi4J mock) to the
                                    fire alarm on the gateway's live stream, against the same agent
                                    publishing through a Mosquitto broker to a subscriber, in one run.
                                    Needs Debian's mosquitto for the baseline (apt-get install mosquitto).
                          dispatch  time from a smoke alarm event handed to an MQTT client to the alarm
                                    frame on the live stream and to the first webhook POST at a receiver,
                                    through a gateway with a community set up through its API; one alarm
                                    at a time (defaults: 1000 alarms after 100 warm-up), and K in flight
                                    with --concurrent K. Baseline: the same client through Mosquitto.
                          agent     the edge agent under -Xmx64m: heap and RSS with N messages queued
                                    (default 100000) while the gateway is down, the rate at which they
                                    are replayed to a gateway against the same replay to Mosquitto,
                                    and the time from process start to first message.
                        """);
                System.exit(harness.equals("help") || harness.equals("--help") ? 0 : 2);
            }
        }
    }
}
