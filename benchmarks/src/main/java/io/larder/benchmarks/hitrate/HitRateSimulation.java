package io.larder.benchmarks.hitrate;

import io.larder.benchmarks.adapter.UnsupportedConfigurationException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Replays every workload through every policy at every cache size, one at a time. */
public final class HitRateSimulation {
  private final List<Workload> workloads;
  private final List<HitRatePolicy> policies;
  private final double[] fractions;

  /** Creates a simulation of the cross product of workloads, policies and sizes. */
  public HitRateSimulation(
      List<Workload> workloads, List<HitRatePolicy> policies, double[] fractions) {
    this.workloads = List.copyOf(workloads);
    this.policies = List.copyOf(policies);
    this.fractions = fractions.clone();
  }

  /** Runs every replay, printing one progress line per workload and size. */
  public List<HitRateResult> run(PrintStream progress) {
    List<HitRateResult> results = new ArrayList<>();
    for (Workload workload : workloads) {
      for (double fraction : fractions) {
        Workload.Scenario scenario = workload.scenario(fraction);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
            "  %-16s %4.0f%% (%,d entries):", workload.name(), 100 * fraction,
            scenario.capacity()));
        for (HitRatePolicy policy : policies) {
          long hits = -1;
          String reason = null;
          try {
            hits = policy.replay(scenario.accesses(), scenario.capacity());
          } catch (UnsupportedConfigurationException e) {
            reason = e.getMessage();
          } catch (UnsupportedOperationException e) {
            reason = policy.name() + " does not support it yet: " + e.getMessage();
          }
          HitRateResult result = new HitRateResult(workload.name(), workload.fromCache2kTraces(),
              fraction, scenario.capacity(), scenario.distinctKeys(), scenario.accesses().length,
              policy.name(), hits, reason);
          results.add(result);
          line.append(result.measured()
              ? String.format(Locale.ROOT, "  %s %.2f%%", policy.name(), 100 * result.hitRate())
              : "  " + policy.name() + " n/a");
        }
        progress.println(line);
      }
    }
    return results;
  }
}
