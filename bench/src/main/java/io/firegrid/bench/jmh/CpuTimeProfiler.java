package io.firegrid.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the benchmark's own threads per operation ({@code cpu.time.norm}, ns/op): the CPU
 * time JMH's worker threads used over an iteration, divided by the operations done in it, as JMH's
 * {@code gc} profiler divides allocation. Unlike the wall-clock score it hardly moves when other
 * processes share the cores: a thread waiting for a core uses no CPU time. It leaves out the JIT
 * compiler and the garbage collector (read allocation from {@code -prof gc}). Example:
 * {@code ./firegrid bench jmh Codec -prof gc -prof io.firegrid.bench.jmh.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> startNanos = new HashMap<>();

    @Override
    public String getDescription() {
        return "CPU time of the benchmark threads per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startNanos.clear();
        for (ThreadInfo t : workers()) {
            startNanos.put(t.getThreadId(), threads.getThreadCpuTime(t.getThreadId()));
        }
    }

    @Override
    @SuppressWarnings("rawtypes") // JMH's InternalProfiler declares the raw Result type
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long used = 0;
        for (ThreadInfo t : workers()) {
            long now = threads.getThreadCpuTime(t.getThreadId());
            if (now >= 0) {
                used += now - startNanos.getOrDefault(t.getThreadId(), 0L);
            }
        }
        long ops = result.getMetadata().getAllOps();
        double perOp = ops == 0 ? Double.NaN : (double) used / ops;
        return List.of(new ScalarResult("cpu.time.norm", perOp, "ns/op", AggregationPolicy.AVG));
    }

    /** JMH names its benchmark threads {@code <benchmark>-jmh-worker-<n>}. */
    private List<ThreadInfo> workers() {
        return java.util.Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(t -> t != null && t.getThreadName().contains("jmh-worker"))
                .toList();
    }
}
