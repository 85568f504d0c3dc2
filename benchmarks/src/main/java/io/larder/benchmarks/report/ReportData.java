package io.larder.benchmarks.report;

import io.larder.benchmarks.hitrate.HitRateResult;
import io.larder.benchmarks.jmh.ThroughputResult;
import io.larder.benchmarks.memory.MemoryResult;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything one report shows; a section whose results are null was not run.
 *
 * @param quick whether the figures come from the quick mode, which only proves the harness works
 * @param machine labelled facts about the machine and JVM
 * @param notes sentences shown under the title
 * @param workloads the hit-rate workloads, in display order
 * @param hitRateSettings one line on how the hit rates were measured
 * @param hitRates the hit-rate results, or null
 * @param jmhSettings one line of JMH settings
 * @param throughput the throughput results, or null
 * @param memoryEntries the number of entries in each cache measured for memory
 * @param memory the memory results, or null
 */
public record ReportData(
    boolean quick,
    Map<String, String> machine,
    List<String> notes,
    List<WorkloadInfo> workloads,
    String hitRateSettings,
    @Nullable List<HitRateResult> hitRates,
    String jmhSettings,
    @Nullable List<ThroughputResult> throughput,
    int memoryEntries,
    @Nullable List<MemoryResult> memory) {

  /**
   * A hit-rate workload as the report describes it.
   *
   * @param name the workload's name
   * @param description one sentence on what the accesses are
   * @param fromCache2kTraces whether the accesses are the cache2k project's
   * @param accesses the number of accesses
   * @param distinctKeys the number of distinct keys, or -1 if it depends on the cache size
   */
  public record WorkloadInfo(
      String name,
      String description,
      boolean fromCache2kTraces,
      long accesses,
      long distinctKeys) {}
}
