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
  private final int replays;

  /**
   * Creates a simulation of the cross product of workloads, policies and sizes.
   *
   * @param replays how often a policy that is not deterministic replays each scenario; its result
   *     is the mean, with the range kept
   */
  public HitRateSimulation(
      List<Workload> workloads, List<HitRatePolicy> policies, double[] fractions, int replays) {
    this.workloads = List.copyOf(workloads);
    this.policies = List.copyOf(policies);
    this.fractions = fractions.clone();
    this.replays = Math.max(1, replays);
  }

  /** Runs every replay, printing one progress line per workload and size. */
  public List<HitRateResult> run(PrintStream progress) {
    List<HitRateResult> results = new ArrayList<>();
    for (Workload workload : workloads) {
      for (double fraction : fractions) {
        Workload.Scenario scenario = workload.scenario(fraction);
        StringBuilder line =
            new StringBuilder(
                String.format(
                    Locale.ROOT,
                    "  %-16s %4.0f%% (%,d entries):",
                    workload.name(),
                    100 * fraction,
                    scenario.capacity()));
        for (HitRatePolicy policy : policies) {
          long hits = -1;
          long minHits = -1;
          long maxHits = -1;
          int runs = policy.deterministic() ? 1 : replays;
          String reason = null;
          try {
            long total = 0;
            minHits = Long.MAX_VALUE;
            maxHits = Long.MIN_VALUE;
            for (int run = 0; run < runs; run++) {
              long replayHits = policy.replay(scenario.accesses(), scenario.capacity());
              total += replayHits;
              minHits = Math.min(minHits, replayHits);
              maxHits = Math.max(maxHits, replayHits);
            }
            hits = Math.round((double) total / runs);
          } catch (UnsupportedConfigurationException e) {
            reason = e.getMessage();
          } catch (UnsupportedOperationException e) {
            reason = policy.name() + " does not support it yet: " + e.getMessage();
          }
          HitRateResult result =
              new HitRateResult(
                  workload.name(),
                  workload.fromCache2kTraces(),
                  fraction,
                  scenario.capacity(),
                  scenario.distinctKeys(),
                  scenario.accesses().length,
                  policy.name(),
                  hits,
                  minHits,
                  maxHits,
                  runs,
                  reason);
          results.add(result);
          line.append(
              result.measured()
                  ? String.format(Locale.ROOT, "  %s %.2f%%", policy.name(), 100 * result.hitRate())
                  : "  " + policy.name() + " n/a");
        }
        progress.println(line);
      }
    }
    return results;
  }
}
