package io.larder.benchmarks.jmh;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs the JMH throughput benchmarks through JMH's API and collects each fork's score. */
public final class ThroughputSuite {
  private final Settings settings;

  /** Creates a suite that runs with the settings. */
  public ThroughputSuite(Settings settings) {
    this.settings = settings;
  }

  /**
   * JMH's settings for every run.
   *
   * @param forks the number of forked JVMs per benchmark; the report quotes their median
   * @param warmupIterations warm-up iterations per fork
   * @param warmupTime the length of each warm-up iteration
   * @param measurementIterations measured iterations per fork
   * @param measurementTime the length of each measured iteration
   * @param jvmArgs the forked JVMs' extra arguments
   * @param verbose whether JMH prints its own progress
   */
  public record Settings(
      int forks,
      int warmupIterations,
      TimeValue warmupTime,
      int measurementIterations,
      TimeValue measurementTime,
      List<String> jvmArgs,
      boolean verbose) {

    /** Returns the settings of the full run, whose medians the README quotes. */
    public static Settings full() {
      return new Settings(5, 5, TimeValue.seconds(1), 5, TimeValue.seconds(1),
          List.of("-Xms1g", "-Xmx1g"), true);
    }

    /** Returns the settings of the quick run, which proves the harness works and nothing more. */
    public static Settings quick() {
      return new Settings(1, 1, TimeValue.milliseconds(100), 1, TimeValue.milliseconds(200),
          List.of("-Xms512m", "-Xmx512m"), false);
    }

    /** Returns the settings with another number of forks. */
    public Settings withForks(int newForks) {
      return new Settings(newForks, warmupIterations, warmupTime, measurementIterations,
          measurementTime, jvmArgs, verbose);
    }

    /** Returns the settings as one line for the report. */
    public String describe() {
      return String.format(Locale.ROOT,
          "JMH 1.37, throughput mode; %d fork(s) per benchmark; warm-up %d x %s; measurement %d x"
              + " %s; forked JVM arguments: %s",
          forks, warmupIterations, warmupTime, measurementIterations, measurementTime,
          String.join(" ", jvmArgs));
    }
  }

  /**
   * One JMH invocation: a benchmark class, its parameter values and a thread count.
   *
   * @param title the suite title that groups results in the report
   * @param benchmark the benchmark class; all its methods run
   * @param params each parameter's values; JMH runs their cross product
   * @param threads the number of threads
   */
  public record Run(
      String title, Class<?> benchmark, Map<String, List<String>> params, int threads) {}

  /**
   * Returns the standard runs for the contenders present.
   *
   * @param larder whether Larder's library is available
   */
  public static List<Run> standardRuns(boolean larder) {
    List<String> getPut2 = contenders(larder, "Larder", "Larder_unbounded", "Caffeine",
        "Caffeine_unbounded", "Guava", "ConcurrentHashMap");
    List<String> getPut1 = new ArrayList<>(getPut2);
    getPut1.add("LinkedHashMap");
    List<String> bounded = contenders(larder, "Larder", "Caffeine", "Guava");
    List<String> compute = contenders(larder, "Larder", "Caffeine", "Guava", "ConcurrentHashMap");
    List<String> variable = contenders(larder, "Larder", "Caffeine");

    List<Run> runs = new ArrayList<>();
    runs.add(new Run("Get/put, 2 threads", GetPutBenchmark.class,
        Map.of("contender", getPut2), 2));
    runs.add(new Run("Get/put, 1 thread", GetPutBenchmark.class,
        Map.of("contender", getPut1), 1));
    runs.add(new Run("Compute, 2 threads", ComputeBenchmark.class,
        Map.of("contender", compute), 2));
    runs.add(new Run("Eviction churn, 2 threads", EvictionBenchmark.class,
        Map.of("contender", bounded), 2));
    Map<String, List<String>> fixedExpiry = new LinkedHashMap<>();
    fixedExpiry.put("contender", bounded);
    fixedExpiry.put("expiry", List.of("expireAfterWrite", "expireAfterAccess"));
    runs.add(new Run("Expiry, 2 threads", ExpiryBenchmark.class, fixedExpiry, 2));
    Map<String, List<String>> variableExpiry = new LinkedHashMap<>();
    variableExpiry.put("contender", variable);
    variableExpiry.put("expiry", List.of("variable"));
    runs.add(new Run("Expiry, 2 threads", ExpiryBenchmark.class, variableExpiry, 2));
    return runs;
  }

  private static List<String> contenders(boolean larder, String... names) {
    List<String> list = new ArrayList<>();
    for (String name : names) {
      if (larder || !name.startsWith("Larder")) {
        list.add(name);
      }
    }
    return list;
  }

  /** Runs each JMH invocation in turn; any benchmark error fails the whole suite. */
  public List<ThroughputResult> run(List<Run> runs, PrintStream progress) throws RunnerException {
    List<ThroughputResult> results = new ArrayList<>();
    for (Run run : runs) {
      ChainedOptionsBuilder options = new OptionsBuilder()
          .include("^" + Pattern.quote(run.benchmark().getName()) + "\\.")
          .threads(run.threads())
          .forks(settings.forks())
          .warmupIterations(settings.warmupIterations())
          .warmupTime(settings.warmupTime())
          .measurementIterations(settings.measurementIterations())
          .measurementTime(settings.measurementTime())
          .jvmArgsAppend(settings.jvmArgs().toArray(new String[0]))
          .shouldFailOnError(true)
          .verbosity(settings.verbose() ? VerboseMode.NORMAL : VerboseMode.SILENT);
      for (Map.Entry<String, List<String>> param : run.params().entrySet()) {
        options.param(param.getKey(), param.getValue().toArray(new String[0]));
      }
      progress.println("  " + run.title() + ": " + run.benchmark().getSimpleName() + " "
          + run.params());
      Collection<RunResult> runResults = new Runner(options.build()).run();
      for (RunResult runResult : runResults) {
        ThroughputResult result = toResult(run, runResult);
        results.add(result);
        progress.println(String.format(Locale.ROOT, "    %-40s %-20s %10.2f Mops/s",
            result.label(), result.contender(), result.median() / 1e6));
      }
    }
    return results;
  }

  private static ThroughputResult toResult(Run run, RunResult runResult) {
    BenchmarkParams params = runResult.getParams();
    String fullName = params.getBenchmark();
    String method = fullName.substring(fullName.lastIndexOf('.') + 1);
    List<String> variant = new ArrayList<>();
    for (String key : params.getParamsKeys()) {
      if (!key.equals("contender")) {
        variant.add(params.getParam(key));
      }
    }
    List<Double> scores = new ArrayList<>();
    for (BenchmarkResult fork : runResult.getBenchmarkResults()) {
      scores.add(fork.getPrimaryResult().getScore());
    }
    return new ThroughputResult(run.title(), run.benchmark().getSimpleName(), method,
        String.join(", ", variant), params.getParam("contender"), params.getThreads(),
        List.copyOf(scores));
  }
}
