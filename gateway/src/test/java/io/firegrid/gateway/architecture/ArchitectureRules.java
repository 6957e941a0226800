package io.firegrid.gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * The gateway's architecture as rules over compiled classes, each for a root package so that the
 * same rule runs over the gateway ({@code io.firegrid.gateway}) and over classes planted to break
 * it. The packages are the ones docs/architecture.md maps.
 */
final class ArchitectureRules {

    /** The domain: rules, dispatch, places, devices, ingest, the store, reports. */
    static final Set<String> CORE = Set.of("alarm", "dispatch", "place", "device", "ingest", "storage", "report");

    /** The adapters to the outside, and the composition root that wires everything. */
    static final Set<String> OUTSIDE = Set.of("mqtt", "coap", "http", "endpoint", "hono", "webhook", "siren", "telemetry", "tls",
            "health", "app");

    /** Libraries that speak a transport or a server's protocol; the core names none of them. */
    static final String[] TRANSPORT_LIBRARIES = {"io.netty..", "io.vertx.mqtt..", "io.vertx.ext.web..",
            "io.vertx.proton..", "org.eclipse.californium..", "org.eclipse.hono..", "org.eclipse.paho..",
            "com.influxdb..", "org.influxdb..", "org.apache.qpid.."};

    private ArchitectureRules() {
    }

    /** The core imports no adapter, no composition root and no transport library. */
    static ArchRule coreKnowsNoTransport(String root) {
        String[] core = packages(root, CORE);
        String[] outside = packages(root, OUTSIDE);
        String[] forbidden = new String[outside.length + TRANSPORT_LIBRARIES.length];
        System.arraycopy(outside, 0, forbidden, 0, outside.length);
        System.arraycopy(TRANSPORT_LIBRARIES, 0, forbidden, outside.length, TRANSPORT_LIBRARIES.length);
        return noClasses().that().resideInAnyPackage(core).should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .because("the alarm core must run, and be tested, without a network endpoint (docs/architecture.md)");
    }

    /**
     * The alarm rules use nothing of Vert.x but its {@code Future}: they run on any thread, in a
     * scenario test, without an event loop.
     */
    static ArchRule alarmRulesNeedNoEventLoop(String root) {
        DescribedPredicate<JavaClass> vertxBeyondFutures = DescribedPredicate.describe("Vert.x beyond Future and Promise",
                c -> c.getPackageName().startsWith("io.vertx")
                        && !Set.of("io.vertx.core.Future", "io.vertx.core.Promise").contains(c.getName()));
        return noClasses().that().resideInAPackage(root + ".alarm..").should().dependOnClassesThat(vertxBeyondFutures)
                .because("alarm rules are plain code over a clock and the store");
    }

    /** Only the composition root knows the composition root. */
    static ArchRule nothingDependsOnTheRoot(String root) {
        return noClasses().that().resideOutsideOfPackage(root + ".app..").should().dependOnClassesThat()
                .resideInAPackage(root + ".app..")
                .because("app wires the parts; the parts never reach back into it");
    }

    /** No two packages depend on each other, directly or through others. */
    static ArchRule noCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    private static String[] packages(String root, Set<String> names) {
        return names.stream().sorted().map(n -> root + "." + n + "..").toArray(String[]::new);
    }
}
