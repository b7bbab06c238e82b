package io.wattshift.scheduler.run;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.function.BooleanSupplier;

/**
 * Metrics of the scheduler process, as opposed to its scheduling:
 * <ul>
 * <li>{@code wattshift_build_info{version,java_version}}: 1, the version Maven built (joins with other series);</li>
 * <li>{@code wattshift_scheduler_leader}: 1 on the instance holding the leader Lease, 0 on a standby (the chart's
 * WattshiftNoLeader alert sums it: 0 with every scheduler up means nobody schedules);</li>
 * <li>Micrometer's JVM and process binders: {@code jvm_memory_*}, {@code jvm_gc_*}, {@code jvm_threads_*},
 * {@code jvm_classes_*}, {@code process_cpu_usage}, {@code system_cpu_*}, {@code process_uptime_seconds},
 * {@code process_start_time_seconds}, {@code process_files_*}.</li>
 * </ul>
 * Close it on shutdown (the GC binder listens to JMX notifications).
 */
public final class InstanceMetrics implements AutoCloseable {
  private final JvmGcMetrics gc = new JvmGcMetrics();
  // Gauges hold their state weakly: keep the supplier reachable from this holder.
  private final BooleanSupplier leading;

  public InstanceMetrics(MeterRegistry registry, String version, BooleanSupplier leading) {
    this.leading = leading;
    Gauge.builder("wattshift.build.info", () -> 1).tag("version", version)
        .tag("java_version", System.getProperty("java.version"))
        .description("1; the version and Java runtime of this scheduler").register(registry);
    Gauge.builder("wattshift.scheduler.leader", this, m -> m.leading.getAsBoolean() ? 1 : 0)
        .description("1 while this instance holds the leader Lease and schedules, 0 on a standby")
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  @Override
  public void close() {
    gc.close();
  }
}
