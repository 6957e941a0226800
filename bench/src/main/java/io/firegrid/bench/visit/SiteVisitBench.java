package io.firegrid.bench.visit;

import io.firegrid.agent.Agent;
import io.firegrid.agent.app.AgentConfig;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.uplink.MqttUplink;
import io.firegrid.bench.latency.Machine;
import io.firegrid.config.bundle.Bundler;
import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.app.GatewayConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * {@code ./firegrid bench visit [--devices N] [--runs R]}: the installer's commands on a site of N
 * devices (default 50) against a real gateway with its default settings (100,000 PBKDF2 iterations
 * per password): {@code bundle}, {@code register}, N edge agents started from their bundles on the
 * Pi4J mock platform (standing in for the Pis booting, which this cannot time), and {@code verify}
 * until every sensor passed. Prints each phase and the total from {@code bundle} to {@code verify}
 * passing, per run and as the median of the runs. Each run has a fresh gateway and directories.
 */
public final class SiteVisitBench {

    private static final String TOKEN = "bench-admin-token";

    private SiteVisitBench() {
    }

    public static int run(String[] args) throws Exception {
        int devices = 50;
        int runs = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--devices" -> devices = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("bench visit: unknown option " + args[i] + "; use --devices N --runs R");
                    return 2;
                }
            }
        }
        if (devices < 1 || devices > 2000 || runs < 1) {
            System.err.println("bench visit: --devices must be 1 to 2000 and --runs at least 1");
            return 2;
        }
        System.out.println("machine: " + Machine.describe());
        System.out.println("site: " + devices + " devices (smoke + door each, a hydrant transmitter on every 5th), "
                + runs + " runs, fresh gateway each run, default password hashing");
        System.out.printf(Locale.ROOT, "%-5s %9s %9s %9s %9s %11s%n", "run", "bundle", "register", "agents", "verify",
                "bundle->ok");
        double[][] all = new double[runs][];
        for (int r = 0; r < runs; r++) {
            all[r] = once(devices);
            System.out.printf(Locale.ROOT, "%-5d %8.2fs %8.2fs %8.2fs %8.2fs %10.2fs%n", r + 1, all[r][0], all[r][1],
                    all[r][2], all[r][3], all[r][4]);
        }
        double[] median = new double[5];
        for (int c = 0; c < 5; c++) {
            double[] col = new double[runs];
            for (int r = 0; r < runs; r++) {
                col[r] = all[r][c];
            }
            Arrays.sort(col);
            median[c] = col[runs / 2];
        }
        System.out.printf(Locale.ROOT, "%-5s %8.2fs %8.2fs %8.2fs %8.2fs %10.2fs%n", "med", median[0], median[1], median[2],
                median[3], median[4]);
        return 0;
    }

    /** One visit; seconds of bundle, register, agents, verify, and bundle start to verify passed. */
    private static double[] once(int n) throws Exception {
        Path dir = Files.createTempDirectory("firegrid-bench-visit-");
        Gateway gw = Gateway.start(GatewayConfig.defaults().withTls(io.firegrid.gateway.tls.TlsOptions.DEFAULTS.withPorts(-1, -1)).withDataDir(dir.resolve("gateway")).withBindHost("127.0.0.1")
                .withHttpPort(0).withMqttPort(0).withAdminToken(TOKEN));
        List<Agent> agents = new ArrayList<>();
        try (gw) {
            Path site = Files.writeString(dir.resolve("site.yaml"), inventory(n));
            String http = "http://127.0.0.1:" + gw.httpPort();
            String mqtt = "tcp://127.0.0.1:" + gw.mqttPort();
            Path bundles = dir.resolve("bundles");
            long t0 = System.nanoTime();
            cli("bundle", site.toString(), "--mqtt", mqtt, "--out", bundles.toString());
            long t1 = System.nanoTime();
            cli("register", site.toString(), "--gateway", http, "--token", TOKEN);
            long t2 = System.nanoTime();
            for (int i = 1; i <= n; i++) {
                agents.add(agent(bundles.resolve(id(i)), dir.resolve("agent-" + i), i % 5 == 0));
            }
            long t3 = System.nanoTime();
            cli("verify", site.toString(), "--gateway", http, "--token", TOKEN, "--timeout", "300", "--boot-wait", "300", "--interval-ms", "100");
            long t4 = System.nanoTime();
            return new double[] {s(t1 - t0), s(t2 - t1), s(t3 - t2), s(t4 - t3), s(t4 - t0)};
        } finally {
            agents.forEach(Agent::close);
        }
    }

    private static double s(long nanos) {
        return nanos / 1e9;
    }

    private static void cli(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = io.firegrid.config.app.Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        int exit = cl.execute(args);
        if (exit != 0) {
            throw new IllegalStateException(args[0] + " exited " + exit + ":\n" + out);
        }
    }

    private static Agent agent(Path bundle, Path data, boolean hydrant) throws Exception {
        Map<String, String> env = new HashMap<>(Bundler.readEnv(bundle.resolve("firegrid/agent.env")));
        env.put(AgentConfig.PLATFORM, "mock");
        env.put(AgentConfig.DATA_DIR, data.toString());
        AgentConfig c = AgentConfig.fromEnv(env);
        Agent a = new Agent(c.device(), c.hardware(), SeqCounter.open(c.seqFile()), new MqttUplink(c.uplinkOptions()));
        a.start(x -> {
            x.mockContact("door-1").set(false);
            if (hydrant) {
                x.mockTransmitter("hydrant-1").mpa(0.40);
            }
        });
        return a;
    }

    private static String id(int i) {
        return String.format(Locale.ROOT, "pi-%04d", i);
    }

    static String inventory(int n) {
        StringBuilder sb = new StringBuilder("""
                tenant: bench
                people:
                  - {id: crew-1, name: Crew One, role: crew}
                  - {id: gw-1, name: Grid Worker, role: grid-worker}
                  - {id: duty, name: Duty Officer, role: duty-officer}
                stations:
                  - {id: station-1, name: Station, location: {lat: 31.23, lon: 121.47}, crew: [crew-1]}
                cells:
                  - {id: cell-1, station: station-1, gridWorkers: [gw-1]}
                sites:
                """);
        int sites = Math.max(1, (n + 9) / 10);
        for (int s = 1; s <= sites; s++) {
            sb.append("  - {id: bldg-").append(s).append(", name: Building ").append(s).append(", cell: cell-1, building: \"")
                    .append(s).append("\"}\n");
        }
        sb.append("devices:\n");
        for (int i = 1; i <= n; i++) {
            sb.append("  - id: ").append(id(i)).append("\n    site: bldg-").append((i - 1) / 10 + 1)
                    .append("\n    location: Floor ").append(i).append(" lobby\n    sensors:\n")
                    .append("      - {id: smoke-1, kind: smoke, zone: f").append(i).append(", gpio: 17, contact: \"NO\"}\n")
                    .append("      - {id: door-1, kind: door, zone: f").append(i).append(", gpio: 27, contact: \"NC\"}\n");
            if (i % 5 == 0) {
                sb.append("      - {id: hydrant-1, kind: pressure, zone: f").append(i)
                        .append(", i2cAddress: 0x48, channel: 0, rangeMpa: 1.6}\n");
            }
        }
        return sb.toString();
    }
}
