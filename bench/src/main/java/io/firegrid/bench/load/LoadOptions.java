package io.firegrid.bench.load;

/**
 * The options of {@code ./firegrid bench load}, each with its default.
 *
 * @param devices            load devices, default 1000 (at most {@link #MAX_DEVICES})
 * @param rate               readings per second per device, default 1
 * @param seconds            seconds of steady load, default 30
 * @param probeIntervalMs    a smoke probe every this many ms, default 100 ({@code --probe-rate 10}: 300 probes in
 *                           30 s, so that a p99 is not the maximum of a few dozen)
 * @param storm              also kill -9 the gateway under load and time the reconnect storm
 * @param passwordIterations FIREGRID_PASSWORD_ITERATIONS for the gateway; 0 (default) leaves the gateway's default
 * @param processes          load processes, default ceil(devices / 4000)
 * @param passwordKind       how the devices' passwords are registered: {@code generated} (default: 18 random bytes,
 *                           24 Base64url characters, as the installer makes them; the gateway's fast scheme) or
 *                           {@code chosen} (24 hex digits sent without a kind; PBKDF2, as every password was before)
 * @param loadNice           the load processes' scheduling priority ({@code nice}), default 0 (the gateway's); 19 lets
 *                           the gateway have the CPU first, as when the devices run on hardware of their own
 * @param tls                devices and probe connect to the MQTT over TLS port (the site CA's certificate), each
 *                           connect a full TLS handshake
 * @param tlsClient          the load devices' TLS: {@code boringssl} (default, where it loads) or {@code jdk}
 */
record LoadOptions(int devices, double rate, int seconds, int probeIntervalMs, boolean storm, int passwordIterations,
                   int processes, String passwordKind, int loadNice, boolean tls, String tlsClient) {

    static final int MAX_DEVICES = 20_000;
    /** Connections one load process may hold (its file descriptors stay well under the 20,000 limit). */
    static final int MAX_PER_PROCESS = 5_000;
    static final String USAGE = "load [--devices N] [--rate R] [--seconds S] [--probe-rate R | --probe-interval-ms MS] [--storm]"
            + " [--password-iterations I] [--processes P] [--password-kind generated|chosen] [--load-nice 0-19]"
            + " [--tls [--tls-client boringssl|jdk]]";

    static LoadOptions parse(String[] args) {
        int devices = 1000;
        double rate = 1;
        int seconds = 30;
        int probe = 100;
        boolean storm = false;
        int iterations = 0;
        int processes = 0;
        String kind = "generated";
        int nice = 0;
        boolean tls = false;
        String tlsClient = "boringssl";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--devices" -> devices = number(args, ++i, 1, MAX_DEVICES);
                case "--rate" -> {
                    rate = Double.parseDouble(value(args, ++i));
                    if (!(rate > 0 && rate <= 100)) {
                        throw new IllegalArgumentException("--rate should be above 0 and at most 100 readings/s, was " + rate);
                    }
                }
                case "--seconds" -> seconds = number(args, ++i, 1, 3600);
                case "--probe-interval-ms" -> probe = number(args, ++i, 10, 60_000);
                case "--probe-rate" -> {
                    double r = Double.parseDouble(value(args, ++i));
                    if (!(r >= 1.0 / 60 && r <= 100)) {
                        throw new IllegalArgumentException("--probe-rate should be between 1/60 and 100 probes/s, was " + r);
                    }
                    probe = (int) Math.round(1000 / r);
                }
                case "--storm" -> storm = true;
                case "--password-iterations" -> iterations = number(args, ++i, 1000, 10_000_000);
                case "--processes" -> processes = number(args, ++i, 1, 64);
                case "--password-kind" -> {
                    kind = value(args, ++i);
                    if (!kind.equals("generated") && !kind.equals("chosen")) {
                        throw new IllegalArgumentException("--password-kind should be generated or chosen, was " + kind);
                    }
                }
                case "--load-nice" -> nice = number(args, ++i, 0, 19);
                case "--tls" -> tls = true;
                case "--tls-client" -> {
                    tlsClient = value(args, ++i);
                    if (!tlsClient.equals("boringssl") && !tlsClient.equals("jdk")) {
                        throw new IllegalArgumentException("--tls-client should be boringssl or jdk, was " + tlsClient);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: " + USAGE);
            }
        }
        int least = (devices + MAX_PER_PROCESS - 1) / MAX_PER_PROCESS;
        if (processes == 0) {
            processes = (devices + 3999) / 4000;
        } else if (processes < least) {
            throw new IllegalArgumentException("--processes " + processes + " would put more than " + MAX_PER_PROCESS
                    + " connections in a process: use at least " + least);
        }
        return new LoadOptions(devices, rate, seconds, probe, storm, iterations, Math.min(processes, devices), kind, nice, tls, tlsClient);
    }

    private static int number(String[] args, int i, int min, int max) {
        int v = Integer.parseInt(value(args, i));
        if (v < min || v > max) {
            throw new IllegalArgumentException(args[i - 1] + " should be between " + min + " and " + max + ", was " + v);
        }
        return v;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value; usage: " + USAGE);
        }
        return args[i];
    }
}
