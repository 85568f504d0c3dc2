package io.larder.benchmarks.jmh;

import io.larder.benchmarks.adapter.BenchCache;
import io.larder.benchmarks.adapter.CacheSpec;
import io.larder.benchmarks.adapter.UnsupportedConfigurationException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
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

    /** Returns the settings of the full run, whose medians docs/performance.md quotes. */
    public static Settings full() {
      return new Settings(
          5, 5, TimeValue.seconds(1), 5, TimeValue.seconds(1), List.of("-Xms1g", "-Xmx1g"), true);
    }

    /** Returns the settings of the quick run, which proves the harness works and nothing more. */
    public static Settings quick() {
      return new Settings(
          1,
          1,
          TimeValue.milliseconds(100),
          1,
          TimeValue.milliseconds(200),
          List.of("-Xms512m", "-Xmx512m"),
          false);
    }

    /** Returns the settings with another number of forks. */
    public Settings withForks(int newForks) {
      return new Settings(
          newForks,
          warmupIterations,
          warmupTime,
          measurementIterations,
          measurementTime,
          jvmArgs,
          verbose);
    }

    /** Returns the settings as one line for the report. */
    public String describe() {
      return String.format(
          Locale.ROOT,
          "JMH 1.37, throughput mode; %d fork(s) per benchmark, run in interleaved rounds (one"
              + " fork of every contender and variant per round); warm-up %d x %s; measurement"
              + " %d x %s; forked JVM arguments: %s",
          forks,
          warmupIterations,
          warmupTime,
          measurementIterations,
          measurementTime,
          String.join(" ", jvmArgs));
    }
  }

  /**
   * A group of JMH invocations: a benchmark class, its contenders, the values of its one other
   * parameter if it has one, and a thread count.
   *
   * @param title the suite title that groups results in the report
   * @param benchmark the benchmark class; all its methods run
   * @param contenders the {@code contender} parameter values
   * @param variantParam the name of the benchmark's other parameter, or null
   * @param variants that parameter's values; {@code [""]} if there is none
   * @param threads the number of threads
   * @param spec the cache configuration the benchmark builds for a variant, used to check before
   *     forking that each contender supports it; null when the benchmark builds its own caches
   */
  public record Run(
      String title,
      Class<?> benchmark,
      List<String> contenders,
      @Nullable String variantParam,
      List<String> variants,
      int threads,
      Function<String, @Nullable CacheSpec> spec) {

    /** Returns this run with only the contenders whose whole name matches. */
    public Run onlyContenders(Pattern names) {
      List<String> kept = new ArrayList<>();
      for (String contender : contenders) {
        if (names.matcher(contender).matches()) {
          kept.add(contender);
        }
      }
      return new Run(title, benchmark, List.copyOf(kept), variantParam, variants, threads, spec);
    }

    static Run of(
        String title,
        Class<?> benchmark,
        List<String> contenders,
        int threads,
        Supplier<CacheSpec> spec) {
      return new Run(title, benchmark, contenders, null, List.of(""), threads, v -> spec.get());
    }
  }

  /** The title of the two-level suite (Larder's two-level cache, L1 only, Spring Data Redis). */
  public static final String TWO_LEVEL_TITLE =
      "Two-level cache on a local redis-server, Zipfian, 95% reads, 2 threads";

  /**
   * Returns the standard runs for the contenders present.
   *
   * @param larder whether Larder's library is available
   */
  public static List<Run> standardRuns(boolean larder) {
    List<String> getPut2 =
        contenders(
            larder,
            "Larder",
            "Larder_unbounded",
            "Caffeine",
            "Caffeine_unbounded",
            "Guava",
            "ConcurrentHashMap");
    List<String> getPut1 = new ArrayList<>(getPut2);
    getPut1.add("LinkedHashMap");
    List<String> bounded = contenders(larder, "Larder", "Caffeine", "Guava");
    List<String> compute = contenders(larder, "Larder", "Caffeine", "Guava", "ConcurrentHashMap");

    List<Run> runs = new ArrayList<>();
    runs.add(
        Run.of("Get/put, 2 threads", GetPutBenchmark.class, getPut2, 2, GetPutBenchmark::spec));
    runs.add(Run.of("Get/put, 1 thread", GetPutBenchmark.class, getPut1, 1, GetPutBenchmark::spec));
    runs.add(
        Run.of("Compute, 2 threads", ComputeBenchmark.class, compute, 2, GetPutBenchmark::spec));
    runs.add(
        Run.of(
            "Eviction churn, 2 threads",
            EvictionBenchmark.class,
            bounded,
            2,
            EvictionBenchmark::spec));
    runs.add(
        new Run(
            "Expiry, 2 threads",
            ExpiryBenchmark.class,
            bounded,
            "expiry",
            List.of("expireAfterWrite", "expireAfterAccess", "variable"),
            2,
            ExpiryBenchmark::spec));
    runs.add(
        new Run(
            "maximumMemory, 2 threads",
            MaximumMemoryBenchmark.class,
            contenders(larder, "Larder", "Caffeine"),
            "bound",
            List.of("maximumSize", "maximumMemory"),
            2,
            MaximumMemoryBenchmark::spec));
    runs.add(
        new Run(
            "JCache (javax.cache API), 2 threads",
            JCacheBenchmark.class,
            contenders(larder, "Larder", "Caffeine"),
            "store",
            List.of("byReference", "byValue"),
            2,
            v -> CacheSpec.unbounded()));
    if (larder) {
      runs.add(
          new Run(
              TWO_LEVEL_TITLE,
              TwoLevelBenchmark.class,
              TwoLevelBenchmark.CONTENDERS,
              "l1Entries",
              TwoLevelBenchmark.L1_SIZES,
              2,
              v -> null));
    }
    runs.add(
        new Run(
            "Memory estimator, 1 thread",
            EstimatorBenchmark.class,
            contenders(larder, "Larder"),
            "value",
            List.of("string", "bytes", "record", "list-100", "map-50", "list-10000"),
            1,
            v -> CacheSpec.unbounded()));
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

  /**
   * Runs each group: contenders that cannot build a variant's cache are reported as n/a with the
   * reason; any error inside a benchmark fails the whole suite.
   */
  public List<ThroughputResult> run(List<Run> runs, PrintStream progress) throws RunnerException {
    List<ThroughputResult> results = new ArrayList<>();
    for (Run run : runs) {
      Map<String, List<String>> supportedByVariant = new LinkedHashMap<>();
      for (String variant : run.variants()) {
        List<String> supported = new ArrayList<>();
        for (String contender : run.contenders()) {
          CacheSpec spec = run.spec().apply(variant);
          // A null spec: the benchmark builds its own caches (not the adapters'), nothing to probe.
          String reason = (spec == null) ? null : probe(contender, spec);
          if (reason == null) {
            supported.add(contender);
          } else {
            progress.println(
                String.format(Locale.ROOT, "    %-40s %-20s n/a: %s", variant, contender, reason));
            for (String method : benchmarkMethods(run.benchmark())) {
              results.add(
                  new ThroughputResult(
                      run.title(),
                      run.benchmark().getSimpleName(),
                      method,
                      variant,
                      contender,
                      run.threads(),
                      List.of(),
                      reason));
            }
          }
        }
        if (!supported.isEmpty()) {
          supportedByVariant.put(variant, supported);
        }
      }
      if (!supportedByVariant.isEmpty()) {
        results.addAll(runInterleaved(run, supportedByVariant, progress));
      }
    }
    return results;
  }

  /**
   * Runs the group's forks in rounds: each round forks one JVM per benchmark method, variant and
   * contender, and every other round takes the variants and the contenders in reverse order. The
   * machines these run on drift by tens of percent over minutes (shared hosts), so running all of
   * one contender's (or one variant's) forks before the next one's would turn that drift into a
   * difference between them; interleaved, the drift falls on every contender and variant alike, and
   * fork {@code i} of two contenders, or of two variants, ran seconds apart (see {@link
   * ThroughputResult#pairedRatio}).
   */
  private List<ThroughputResult> runInterleaved(
      Run run, Map<String, List<String>> supportedByVariant, PrintStream progress)
      throws RunnerException {
    Map<String, ThroughputResult> byKey = new LinkedHashMap<>();
    for (int round = 0; round < settings.forks(); round++) {
      List<String> variants = new ArrayList<>(supportedByVariant.keySet());
      if ((round & 1) == 1) {
        Collections.reverse(variants);
      }
      for (String variant : variants) {
        progress.println(
            "  "
                + run.title()
                + ": "
                + run.benchmark().getSimpleName()
                + (variant.isEmpty() ? "" : " " + variant)
                + ", round "
                + (round + 1)
                + " of "
                + settings.forks());
        List<String> order = new ArrayList<>(supportedByVariant.get(variant));
        if ((round & 1) == 1) {
          Collections.reverse(order);
        }
        ChainedOptionsBuilder options =
            new OptionsBuilder()
                .include("^" + Pattern.quote(run.benchmark().getName()) + "\\.")
                .threads(run.threads())
                .forks(1)
                .warmupIterations(settings.warmupIterations())
                .warmupTime(settings.warmupTime())
                .measurementIterations(settings.measurementIterations())
                .measurementTime(settings.measurementTime())
                .jvmArgsAppend(settings.jvmArgs().toArray(new String[0]))
                .shouldFailOnError(true)
                .verbosity(settings.verbose() ? VerboseMode.NORMAL : VerboseMode.SILENT)
                .param("contender", order.toArray(new String[0]));
        if (run.variantParam() != null) {
          options.param(run.variantParam(), variant);
        }
        for (RunResult runResult : new Runner(options.build()).run()) {
          ThroughputResult fork = toResult(run, runResult);
          byKey.merge(
              fork.method() + '\u0000' + fork.variant() + '\u0000' + fork.contender(),
              fork,
              ThroughputResult::plus);
        }
      }
    }
    List<String> variantOrder = new ArrayList<>(supportedByVariant.keySet());
    List<ThroughputResult> results = new ArrayList<>(byKey.values());
    results.sort(
        Comparator.comparing((ThroughputResult r) -> variantOrder.indexOf(r.variant()))
            .thenComparing(ThroughputResult::method)
            .thenComparing(r -> run.contenders().indexOf(r.contender())));
    for (ThroughputResult result : results) {
      progress.println(
          String.format(
              Locale.ROOT,
              "    %-40s %-20s %10.2f Mops/s",
              result.label(),
              result.contender(),
              result.median() / 1e6));
    }
    return results;
  }

  /** Builds and exercises the contender's cache in this JVM; returns why it cannot run, or null. */
  static @Nullable String probe(String contender, CacheSpec spec) {
    try {
      BenchCache<Object, Object> cache = Contenders.build(contender, spec);
      cache.put(1, 1);
      cache.getIfPresent(1);
      cache.computeIfAbsent(2, key -> key);
      cache.compute(1, (key, value) -> value);
      cache.cleanUp();
      return null;
    } catch (UnsupportedConfigurationException e) {
      return e.getMessage();
    } catch (UnsupportedOperationException e) {
      return contender + " does not support it yet: " + e.getMessage();
    }
  }

  private static List<String> benchmarkMethods(Class<?> benchmark) {
    List<String> methods = new ArrayList<>();
    for (Method method : benchmark.getDeclaredMethods()) {
      if (method.isAnnotationPresent(Benchmark.class)) {
        methods.add(method.getName());
      }
    }
    methods.sort(null);
    return methods;
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
    return new ThroughputResult(
        run.title(),
        run.benchmark().getSimpleName(),
        method,
        String.join(", ", variant),
        params.getParam("contender"),
        params.getThreads(),
        List.copyOf(scores),
        null);
  }
}
