package io.larder.benchmarks;

import io.larder.benchmarks.adapter.CacheLibrary;
import io.larder.benchmarks.adapter.Libraries;
import io.larder.benchmarks.hitrate.BeladyPolicy;
import io.larder.benchmarks.hitrate.HitRatePolicy;
import io.larder.benchmarks.hitrate.HitRateResult;
import io.larder.benchmarks.hitrate.HitRateSimulation;
import io.larder.benchmarks.hitrate.LibraryPolicy;
import io.larder.benchmarks.hitrate.LruPolicy;
import io.larder.benchmarks.hitrate.SyntheticWorkloads;
import io.larder.benchmarks.hitrate.TraceReader;
import io.larder.benchmarks.hitrate.TraceWorkload;
import io.larder.benchmarks.hitrate.Workload;
import io.larder.benchmarks.jmh.ThroughputResult;
import io.larder.benchmarks.jmh.ThroughputSuite;
import io.larder.benchmarks.jmh.TwoLevelBenchmark;
import io.larder.benchmarks.memory.MemoryFootprint;
import io.larder.benchmarks.memory.MemoryResult;
import io.larder.benchmarks.redis.LocalRedisServer;
import io.larder.benchmarks.report.MachineInfo;
import io.larder.benchmarks.report.ReportData;
import io.larder.benchmarks.report.ReportWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Runs the chosen measurements and writes the report: {@code ReportMain [--quick] [--out DIR]
 * [--traces DIR] [--forks N] [--replays N] [--suites REGEX] [--contenders REGEX]
 * [all|hitrate|throughput|memory]...}.
 *
 * <p>{@code --suites} keeps only the throughput suites whose title matches the regular expression
 * anywhere, ignoring case (for example {@code "expiry|maximumMemory|estimator"}); {@code
 * --contenders} keeps only the throughput contenders whose whole name matches (for example {@code
 * "Larder.*|Caffeine.*"}), so that more forks of the libraries compared fit in the time.
 *
 * <p>The quick mode proves that the harness works in a couple of minutes (one fork, tiny JMH
 * iterations, trace prefixes, two cache sizes); its figures are not for quoting. The exit status is
 * non-zero if any part fails.
 */
public final class ReportMain {
  private static final String USAGE =
      "usage: ReportMain [--quick] [--out DIR] [--traces DIR]"
          + " [--forks N] [--replays N] [--suites REGEX] [--contenders REGEX]"
          + " [all|hitrate|throughput|memory]...";
  private static final double[] FULL_FRACTIONS = {0.02, 0.05, 0.10, 0.25};
  private static final double[] QUICK_FRACTIONS = {0.05, 0.25};

  private final boolean quick;
  private final Path out;
  private final @Nullable Path traces;
  private final @Nullable Integer forks;
  private final @Nullable Integer replays;
  private final @Nullable Pattern suites;
  private final @Nullable Pattern contenders;
  private final Set<String> sections;
  private final PrintStream progress;

  private ReportMain(
      boolean quick,
      Path out,
      @Nullable Path traces,
      @Nullable Integer forks,
      @Nullable Integer replays,
      @Nullable Pattern suites,
      @Nullable Pattern contenders,
      Set<String> sections,
      PrintStream progress) {
    this.quick = quick;
    this.out = out;
    this.traces = traces;
    this.forks = forks;
    this.replays = replays;
    this.suites = suites;
    this.contenders = contenders;
    this.sections = sections;
    this.progress = progress;
  }

  /** Runs the command line; exits with status 1 on any failure and 2 on a usage error. */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    ReportMain main;
    try {
      main = parse(args, System.out);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    try {
      main.run();
    } catch (Exception | Error e) {
      System.err.println("benchmark harness failed:");
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  static ReportMain parse(String[] args, PrintStream progress) {
    boolean quick = false;
    Path out = null;
    Path traces = null;
    Integer forks = null;
    Integer replays = null;
    Pattern suites = null;
    Pattern contenders = null;
    Set<String> sections = new LinkedHashSet<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--quick":
          quick = true;
          break;
        case "--out":
          out = Path.of(value(args, ++i, arg));
          break;
        case "--traces":
          traces = Path.of(value(args, ++i, arg));
          if (!Files.isDirectory(traces)) {
            throw new IllegalArgumentException("no trace directory at " + traces);
          }
          break;
        case "--forks":
          try {
            forks = Integer.parseInt(value(args, ++i, arg));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--forks needs a number");
          }
          break;
        case "--replays":
          try {
            replays = Integer.parseInt(value(args, ++i, arg));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--replays needs a number");
          }
          if (replays < 1) {
            throw new IllegalArgumentException("--replays needs a number of at least 1");
          }
          break;
        case "--suites":
          try {
            suites = Pattern.compile(value(args, ++i, arg), Pattern.CASE_INSENSITIVE);
          } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                "--suites needs a regular expression: " + e.getDescription());
          }
          break;
        case "--contenders":
          try {
            contenders = Pattern.compile(value(args, ++i, arg));
          } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                "--contenders needs a regular expression: " + e.getDescription());
          }
          break;
        case "all":
          sections.addAll(List.of("hitrate", "throughput", "memory"));
          break;
        case "hitrate":
        case "throughput":
        case "memory":
          sections.add(arg);
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + arg);
      }
    }
    if (sections.isEmpty()) {
      sections.addAll(List.of("hitrate", "throughput", "memory"));
    }
    if (out == null) {
      out = Path.of(quick ? "results/quick" : "results");
    }
    return new ReportMain(
        quick, out, traces, forks, replays, suites, contenders, sections, progress);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  private void run() throws Exception {
    long start = System.nanoTime();
    progress.println(
        "Larder benchmarks: "
            + String.join(", ", sections)
            + (quick ? " (quick mode: proves the harness only, figures not for quoting)" : ""));
    List<CacheLibrary> libraries = Libraries.all();
    List<String> notes = new ArrayList<>();

    List<ReportData.WorkloadInfo> workloads = new ArrayList<>();
    List<HitRateResult> hitRates = null;
    String hitRateSettings = "";
    if (sections.contains("hitrate")) {
      progress.println("Hit rate:");
      int accesses = quick ? 100_000 : 2_000_000;
      int keySpace = accesses / 20;
      int tracePrefix = quick ? 200_000 : Integer.MAX_VALUE;
      double[] fractions = quick ? QUICK_FRACTIONS : FULL_FRACTIONS;
      List<Workload> list = new ArrayList<>(traceWorkloads(tracePrefix, notes));
      list.addAll(SyntheticWorkloads.all(keySpace, accesses));
      for (Workload workload : list) {
        Workload.Scenario scenario = workload.scenario(fractions[0]);
        boolean perSize =
            workload.scenario(fractions[fractions.length - 1]).distinctKeys()
                != scenario.distinctKeys();
        workloads.add(
            new ReportData.WorkloadInfo(
                workload.name(),
                workload.description(),
                workload.fromCache2kTraces(),
                scenario.accesses().length,
                perSize ? -1 : scenario.distinctKeys()));
      }
      List<HitRatePolicy> policies = new ArrayList<>();
      for (CacheLibrary library : libraries) {
        if (library.name().equals("Larder") || library.name().equals("Caffeine")) {
          policies.add(new LibraryPolicy(library));
        }
      }
      policies.add(new LruPolicy());
      policies.add(new BeladyPolicy());
      int replayCount = (replays != null) ? replays : (quick ? 1 : 3);
      hitRates = new HitRateSimulation(list, policies, fractions, replayCount).run(progress);
      hitRateSettings =
          String.format(
              Locale.ROOT,
              "Each workload is replayed through a new cache"
                  + " of each policy at %s of its distinct keys: getIfPresent, and on a miss put; hit"
                  + " rate = hits / accesses. Larder and Caffeine are built with maximumSize(n) and"
                  + " executor(Runnable::run); LRU is an access-ordered LinkedHashMap; Belady's optimum"
                  + " is computed offline (with bypass: a key whose next use is furthest is not"
                  + " admitted). Synthetic workloads use fixed seeds. Caffeine's admission sometimes draws"
                  + " a random number (against hash flooding), so its replays of one trace differ; Larder"
                  + " and Caffeine figures are the mean of %d replays (the range is in hitrate.csv)%s.",
              Arrays.stream(fractions)
                  .mapToObj(f -> String.format(Locale.ROOT, "%.0f%%", 100 * f))
                  .collect(Collectors.joining(", ")),
              replayCount,
              quick
                  ? String.format(
                      Locale.ROOT,
                      "; quick mode: the first %,d accesses of each trace",
                      tracePrefix)
                  : "");
    }

    List<ThroughputResult> throughput = null;
    ThroughputSuite.Settings settings =
        quick ? ThroughputSuite.Settings.quick() : ThroughputSuite.Settings.full();
    if (forks != null) {
      settings = settings.withForks(forks);
    }
    if (sections.contains("throughput")) {
      progress.println("Throughput (" + settings.describe() + "):");
      boolean larder = libraries.stream().anyMatch(l -> l.name().equals("Larder"));
      List<ThroughputSuite.Run> runs = new ArrayList<>();
      boolean redis = LocalRedisServer.available();
      for (ThroughputSuite.Run standard : ThroughputSuite.standardRuns(larder)) {
        ThroughputSuite.Run run = standard;
        if (suites == null || suites.matcher(run.title()).find()) {
          if (run.benchmark() == TwoLevelBenchmark.class) {
            if (!redis) {
              String note =
                  "The two-level suite did not run: redis-server is not on the PATH"
                      + " (Debian: apt-get install -y redis-server).";
              progress.println("  warning: " + note);
              notes.add("**Warning:** " + note);
              continue;
            }
            if (quick) {
              // The quick mode proves the harness: one L1 size is enough, and keeps CI short.
              run =
                  new ThroughputSuite.Run(
                      run.title(),
                      run.benchmark(),
                      run.contenders(),
                      run.variantParam(),
                      run.variants().subList(0, 1),
                      run.threads(),
                      run.spec());
            }
          }
          ThroughputSuite.Run kept = (contenders == null) ? run : run.onlyContenders(contenders);
          if (!kept.contenders().isEmpty()) {
            runs.add(kept);
          }
        }
      }
      if (runs.isEmpty()) {
        throw new IllegalArgumentException(
            "--suites "
                + suites
                + " and --contenders "
                + contenders
                + " match no throughput suite");
      }
      throughput = new ThroughputSuite(settings).run(runs, progress);
      for (ThroughputSuite.Run run : runs) {
        if (run.benchmark() == TwoLevelBenchmark.class) {
          for (String l1Entries : run.variants()) {
            notes.add(twoLevelRoundTrips(quick ? 20_000 : 200_000, Integer.parseInt(l1Entries)));
          }
        }
      }
    }

    List<MemoryResult> memory = null;
    int entries = quick ? 10_000 : 100_000;
    if (sections.contains("memory")) {
      if (!Boolean.getBoolean("jdk.attach.allowAttachSelf")) {
        throw new IllegalStateException(
            "the memory section needs JOL's instrumentation: run"
                + " java with -Djdk.attach.allowAttachSelf=true (bench.sh does)");
      }
      progress.println("Memory per entry (" + entries + " entries):");
      List<CacheLibrary> measured =
          libraries.stream()
              .filter(l -> !l.name().equals("LinkedHashMap"))
              .collect(Collectors.toList());
      memory =
          new MemoryFootprint(entries)
              .run(measured, MemoryFootprint.configurations(entries), progress);
    }

    ReportData data =
        new ReportData(
            quick,
            MachineInfo.collect(),
            notes,
            workloads,
            hitRateSettings,
            hitRates,
            settings.describe(),
            throughput,
            entries,
            memory);
    Path report = new ReportWriter(out).write(data);
    progress.println(
        String.format(
            Locale.ROOT,
            "Wrote %s and charts in %.0f s",
            report.toAbsolutePath(),
            (System.nanoTime() - start) / 1e9));
  }

  /**
   * Counts the two-level suite's Redis round trips per 1,000 reads (one thread, MONITOR) and
   * returns the sentence the report shows.
   */
  private String twoLevelRoundTrips(int operations, int l1Entries) throws IOException {
    progress.println(
        "  Redis round trips per 1,000 reads, l1Entries "
            + l1Entries
            + " ("
            + operations
            + " operations after "
            + operations
            + " of warm-up, one thread, counted"
            + " through MONITOR):");
    Map<String, Double> counts = TwoLevelBenchmark.roundTripsPer1000Reads(operations, l1Entries);
    List<String> parts = new ArrayList<>();
    counts.forEach(
        (contender, count) -> {
          progress.println(String.format(Locale.ROOT, "    %-20s %8.1f", contender, count));
          parts.add(String.format(Locale.ROOT, "%s %.1f", contender, count));
        });
    return String.format(
        Locale.ROOT,
        "%s, l1Entries %d: Redis round trips per 1,000 reads"
            + " (writes' commands included; %,d operations of the same workload on one thread after as"
            + " many of warm-up, client commands counted through MONITOR, commands run inside Lua"
            + " scripts excluded): %s.",
        ThroughputSuite.TWO_LEVEL_TITLE,
        l1Entries,
        operations,
        String.join(", ", parts));
  }

  private List<Workload> traceWorkloads(int prefix, List<String> notes) throws IOException {
    Path directory = traces != null ? traces : findTraces();
    if (directory == null) {
      String note =
          "No trace directory was found (pass --traces DIR or -Dlarder.traces=DIR);"
              + " the hit-rate section has synthetic workloads only.";
      progress.println("  warning: " + note);
      notes.add("**Warning:** " + note);
      return List.of();
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files =
          listing
              .filter(p -> p.getFileName().toString().endsWith(".keys.gz"))
              .sorted()
              .collect(Collectors.toList());
    }
    List<Workload> workloads = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString().replace(".keys.gz", "");
      long[] accesses = TraceReader.read(file, prefix);
      progress.println(
          String.format(Locale.ROOT, "  read %,d accesses from %s", accesses.length, file));
      workloads.add(
          new TraceWorkload(name, describeTrace(name), name.startsWith("cache2k-"), accesses));
    }
    return workloads;
  }

  private static @Nullable Path findTraces() {
    String property = System.getProperty("larder.traces");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("traces");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static String describeTrace(String name) {
    switch (name) {
      case "cache2k-web07":
        return "HTTP requests on a product detail page of an e-commerce site (cache2k trace).";
      case "cache2k-orm-busy":
        return "Database object accesses of an e-commerce web application on a busy day"
            + " (cache2k trace).";
      default:
        return "Access trace " + name + ".";
    }
  }
}
