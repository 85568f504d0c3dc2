package io.larder.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import io.larder.cache.LoadingCache;
import io.larder.cache.MemoryBudget;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and Prometheus alert rules shipped in the jar parse, and every metric they
 * name is in a real scrape of Larder's binder, its memory monitor and Micrometer's JVM binders.
 */
class DashboardResourcesTest {
  /** Larder's, the monitor's and the JVM's series names, as PromQL writes them. */
  private static final Pattern METRIC = Pattern.compile("\\b(?:cache|larder|jvm)_[a-zA-Z0-9_]+\\b");

  private static PrometheusMeterRegistry registry;
  private static JvmHeapPressureMetrics heapPressure;
  private static MemoryMonitor monitor;
  private static final List<Object> caches = new ArrayList<>();
  private static Set<String> scrapedNames;

  @BeforeAll
  static void scrapeEveryKindOfMeter() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    heapPressure = new JvmHeapPressureMetrics();
    heapPressure.bindTo(registry);
    monitor = MemoryMonitor.builder().registry(registry).build();

    // A size-bounded and a memory-bounded cache, so that every Larder meter is in the scrape.
    LoadingCache<String, String> sized = Caffeine.newBuilder()
        .maximumSize(10).recordStats().executor(Runnable::run).build(k -> k);
    Cache<String, String> budgeted = Caffeine.newBuilder()
        .maximumMemory(1 << 20).recordStats().executor(Runnable::run).build();
    AsyncLoadingCache<String, String> async =
        Caffeine.newBuilder().recordStats().executor(Runnable::run).buildAsync(k -> k);
    LarderCacheMetrics.monitor(registry, sized, "sized");
    LarderCacheMetrics.monitor(registry, budgeted, "budgeted");
    LarderCacheMetrics.monitor(registry, async, "async");
    sized.get("k");
    budgeted.put("k", "v");
    async.get("k").join();
    MemoryBudget shared = MemoryBudget.ofBytes(1 << 20);
    Cache<String, String> sharing = Caffeine.newBuilder()
        .memoryBudget(shared).recordStats().executor(Runnable::run).build();
    LarderCacheMetrics.monitor(registry, sharing, "sharing");
    new MemoryBudgetMetrics(() -> shared, Tags.of("cache.manager", "cacheManager"))
        .bindTo(registry);
    sharing.put("k", "v");
    caches.add(sharing);
    monitor.watch(sized).watch(budgeted).watch(async).sample();
    assertThat(monitor.watchedCount()).isEqualTo(3);
    caches.addAll(List.of(sized, budgeted, async));

    scrapedNames = new Scrape(registry.scrape()).names();
  }

  @AfterAll
  static void close() {
    monitor.close();
    heapPressure.close();
    registry.close();
    caches.clear();
  }

  @Test
  void dashboardParsesAndUsesOnlyScrapedMetrics() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(resource("grafana-dashboard.json"));

    assertThat(dashboard.path("title").asText()).isEqualTo("Larder caches");
    assertThat(dashboard.path("uid").asText()).isNotBlank();
    List<String> expressions = new ArrayList<>();
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique panel id").isTrue();
      JsonNode grid = panel.path("gridPos");
      assertThat(grid.path("x").asInt() + grid.path("w").asInt()).isLessThanOrEqualTo(24);
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      assertThat(panel.path("title").asText()).isNotBlank();
      assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
      assertThat(panel.path("targets")).isNotEmpty();
      panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
    }
    dashboard
        .path("templating")
        .path("list")
        .forEach(
            variable -> {
              if (variable.has("definition")) {
                expressions.add(variable.path("definition").asText());
              }
            });

    for (String expression : expressions) {
      if (!expression.startsWith("label_values(")) {
        assertThat(expression).as("every query filters by job and instance")
            .contains("job=~\"$job\"", "instance=~\"$instance\"");
      }
      for (String gauge : GAUGES) {
        assertThat(expression)
            .as("a gauge that reads NaN once its cache is collected is left out of sums")
            .doesNotContainPattern("\\b" + gauge + "\\{[^}]*\\}\\s*\\)");
      }
    }
    List<String> variables = new ArrayList<>();
    dashboard.path("templating").path("list")
        .forEach(variable -> variables.add(variable.path("name").asText()));
    assertThat(variables).containsExactly("datasource", "job", "instance", "cache");
    JsonNode input = dashboard.path("__inputs").path(0);
    assertThat(input.path("type").asText()).isEqualTo("datasource");
    assertThat(input.path("pluginId").asText()).isEqualTo("prometheus");
    assertThat(dashboard.path("templating").path("list").path(0).path("current").path("value")
        .asText()).isEqualTo("${" + input.path("name").asText() + "}");

    Set<String> used = metricNames(expressions);
    assertThat(used)
        .as(
            "hit and miss ratio, evictions, size against maximum, bytes against budget,"
                + " heap after GC and load latency")
        .contains(
            "cache_gets_total",
            "cache_evictions_total",
            "cache_size",
            "cache_size_max",
            "cache_memory_estimated_bytes",
            "cache_memory_max_bytes",
            "jvm_memory_usage_after_gc",
            "cache_load_duration_seconds",
            "cache_load_total");
    assertThat(scrapedNames).containsAll(used);
  }

  @Test
  void alertRulesParseAndUseOnlyScrapedMetrics() throws IOException {
    JsonNode rules =
        new ObjectMapper(new YAMLFactory()).readTree(resource("prometheus-alerts.yml"));

    List<String> expressions = new ArrayList<>();
    Set<String> alerts = new TreeSet<>();
    for (JsonNode group : rules.path("groups")) {
      assertThat(group.path("name").asText()).isNotBlank();
      for (JsonNode rule : group.path("rules")) {
        String alert = rule.path("alert").asText();
        assertThat(alerts.add(alert)).as("unique alert name " + alert).isTrue();
        assertThat(rule.path("expr").asText()).as(alert).isNotBlank();
        assertThat(rule.path("labels").path("severity").asText())
            .as(alert)
            .isIn("warning", "critical");
        assertThat(rule.path("annotations").path("summary").asText()).as(alert).isNotBlank();
        assertThat(rule.path("annotations").path("description").asText()).as(alert).isNotBlank();
        expressions.add(rule.path("expr").asText());
      }
    }

    assertThat(alerts)
        .contains(
            "LarderCacheHighMissRatio",
            "LarderCacheEvictionStorm",
            "LarderCacheNearBudget",
            "LarderSharedBudgetNearFull",
            "LarderUnboundedCacheGrowing",
            "LarderHeapAfterGcFilling",
            "LarderCachesFillingHeap",
            "LarderHeapLeakPredicted",
            "LarderCacheGuardWarnings",
            "LarderMemoryMonitorAlert");
    Set<String> used = metricNames(expressions);
    assertThat(used).contains("jvm_memory_usage_after_gc", "cache_memory_max_bytes");
    assertThat(scrapedNames).containsAll(used);
  }

  @Test
  void metricsGuideNamesEveryAlertAndEveryLarderMeter() throws IOException {
    String readme = Files.readString(Path.of("../docs/metrics.md"));
    JsonNode rules =
        new ObjectMapper(new YAMLFactory()).readTree(resource("prometheus-alerts.yml"));
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        assertThat(readme).contains("`" + rule.path("alert").asText() + "`");
      }
    }
    for (String name : scrapedNames) {
      if (name.startsWith("cache_") || name.startsWith("larder_")) {
        assertThat(readme).as(name).contains(name);
      }
    }
  }

  /** Larder's and the JVM's gauges: each reads NaN once the object it reads is collected. */
  private static final List<String> GAUGES = List.of("cache_size", "cache_size_max",
      "cache_memory_estimated_bytes", "cache_memory_max_bytes", "cache_loads_inflight",
      "larder_budget_estimated_bytes", "larder_budget_max_bytes");

  private static Set<String> metricNames(List<String> expressions) {
    Set<String> names = new TreeSet<>();
    for (String expression : expressions) {
      Matcher matcher = METRIC.matcher(expression);
      while (matcher.find()) {
        if (!matcher.group().equals("cache_manager")) { // a label (Spring's cache.manager tag)
          names.add(matcher.group());
        }
      }
    }
    return names;
  }

  private static InputStream resource(String name) {
    InputStream in = LarderCacheMetrics.class.getResourceAsStream(name);
    assertThat(in).as("resource io/larder/metrics/" + name + " in the jar").isNotNull();
    return in;
  }
}
