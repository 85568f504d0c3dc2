package io.larder.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Describes the machine and JVM that produced a report, so that figures can be compared fairly. */
public final class MachineInfo {
  private MachineInfo() {}

  /** Returns labelled facts in display order: CPU, cores, memory, OS, JDK, date. */
  public static Map<String, String> collect() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("CPU", cpuModel());
    facts.put("Cores", Runtime.getRuntime().availableProcessors() + " available to the JVM");
    facts.put("Memory", totalMemory());
    facts.put("OS", operatingSystem());
    facts.put(
        "JDK",
        System.getProperty("java.vm.vendor")
            + " "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version"));
    facts.put(
        "Date",
        ZonedDateTime.now(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)));
    String commit = System.getProperty("larder.commit");
    if (commit != null && !commit.isBlank()) {
      facts.put("Commit", commit);
    }
    return facts;
  }

  private static String cpuModel() {
    for (String line : readLines(Path.of("/proc/cpuinfo"))) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return "unknown (" + System.getProperty("os.arch") + ")";
  }

  private static String totalMemory() {
    for (String line : readLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        String[] parts = line.trim().split("\\s+");
        long kib = Long.parseLong(parts[1]);
        return String.format(Locale.ROOT, "%.1f GiB", kib / (1024.0 * 1024.0));
      }
    }
    return "unknown";
  }

  private static String operatingSystem() {
    String kernel =
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch");
    for (String line : readLines(Path.of("/etc/os-release"))) {
      if (line.startsWith("PRETTY_NAME=")) {
        return line.substring("PRETTY_NAME=".length()).replace("\"", "") + ", " + kernel;
      }
    }
    return kernel;
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | SecurityException e) {
      return List.of();
    }
  }
}
