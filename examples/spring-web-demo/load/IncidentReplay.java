import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays the incident against the demo on 127.0.0.1: requests for ever new products and locales,
 * each a new cache entry, and after every step the heap in use after a garbage collection, the
 * caches' estimated bytes and the health status. It is bounded in requests and in time, sends
 * traffic only to the loopback address, and stops by itself, also when the application fails.
 *
 * <p>Run it with the JDK's source launcher: {@code java IncidentReplay.java [requests] [seconds]
 * [port]} (defaults: 400000 requests, 240 seconds, port 8080).
 */
public final class IncidentReplay {
  private static final String[] LOCALES = {"en", "fr", "de", "es", "it", "nl", "pt", "sv"};
  private static final int THREADS = 4;
  private static final int STEP = 20_000;
  private static final Pattern NUMBER = Pattern.compile("\"usedBytes\"\\s*:\\s*(\\d+)");
  private static final Pattern MAX = Pattern.compile("\"maxBytes\"\\s*:\\s*(\\d+)");
  private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*([0-9.E+-]+)");
  private static final Pattern LARDER = Pattern.compile("\"larder\"\\s*:\\s*\\{");
  private static final Pattern STATUS_VALUE = Pattern.compile("\\s*:\\s*\"(\\w+)\"");

  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final String base;

  private IncidentReplay(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** Runs the replay. */
  public static void main(String[] args) throws Exception {
    long requests = (args.length > 0) ? Long.parseLong(args[0]) : 400_000;
    long seconds = (args.length > 1) ? Long.parseLong(args[1]) : 240;
    int port = (args.length > 2) ? Integer.parseInt(args[2]) : 8080;
    System.exit(new IncidentReplay(port).run(requests, Duration.ofSeconds(seconds)));
  }

  private int run(long requests, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    String before = heapAfterGc();
    if (before == null) {
      System.out.println("No demo application answers on " + base + ": start it with run.sh");
      return 2;
    }
    System.out.printf(Locale.ROOT, "%-10s %-22s %-18s %-8s %s%n",
        "requests", "heap after GC", "caches (Larder)", "health", "elapsed");
    report(0, before, System.nanoTime() - (deadline - limit.toNanos()));
    long start = System.nanoTime();
    AtomicLong next = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (long sent = 0; sent < requests; sent += STEP) {
        long stepEnd = Math.min(requests, sent + STEP);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          workers.add(pool.submit(() -> send(next, stepEnd, deadline, failures)));
        }
        for (Future<?> worker : workers) {
          worker.get();
        }
        String heap = heapAfterGc();
        if (heap == null || failures.get() > 100) {
          System.out.printf(Locale.ROOT,
              "%-10d the application stopped answering (%d failed requests): it failed%n",
              next.get(), failures.get());
          return 1;
        }
        report(next.get(), heap, System.nanoTime() - start);
        if (System.nanoTime() > deadline) {
          System.out.println("Time limit reached; the application is still answering.");
          return 0;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.println("All requests sent; the application is still answering.");
    return 0;
  }

  private void send(AtomicLong next, long end, long deadline, AtomicLong failures) {
    for (long i = next.getAndIncrement(); i < end; i = next.getAndIncrement()) {
      if (System.nanoTime() > deadline || failures.get() > 100) {
        return;
      }
      String locale = LOCALES[(int) (i % LOCALES.length)];
      HttpRequest request = HttpRequest.newBuilder(
              URI.create(base + "/products/" + (i / LOCALES.length) + "?locale=" + locale))
          .timeout(Duration.ofSeconds(10))
          .build();
      try {
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
          failures.incrementAndGet();
        }
      } catch (IOException e) {
        failures.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void report(long sent, String heap, long elapsedNanos) {
    long used = number(NUMBER, heap);
    long max = number(MAX, heap);
    String caches = get("/actuator/metrics/cache.memory.estimated");
    // Read whatever the status code: a DOWN component answers 503, and its body says why.
    HttpResponse<String> health = send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
        .timeout(Duration.ofSeconds(30))
        .build());
    String cacheFigure = (caches == null) ? "n/a" : mb((long) value(caches));
    String larder = (health == null) ? "n/a" : larderStatus(health.body());
    if (health != null && health.statusCode() != 200) {
      larder = larder + " (HTTP " + health.statusCode() + ")";
    }
    System.out.printf(Locale.ROOT, "%-10d %-22s %-18s %-8s %ds%n", sent,
        mb(used) + " of " + mb(max), cacheFigure, larder, elapsedNanos / 1_000_000_000L);
  }

  private String heapAfterGc() {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/demo/heap-after-gc"))
        .POST(HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(30))
        .build();
    return body(request);
  }

  private String get(String path) {
    return body(HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .build());
  }

  /**
   * Returns the {@code status} of the health document's {@code larder} component: the key of that
   * object itself, wherever it stands among the object's keys, not a {@code status} nested deeper.
   */
  static String larderStatus(String health) {
    Matcher larder = LARDER.matcher(health);
    if (!larder.find()) {
      return "n/a";
    }
    int depth = 1;
    boolean inString = false;
    int stringStart = -1;
    for (int i = larder.end(); i < health.length() && depth > 0; i++) {
      char c = health.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
          String text = health.substring(stringStart, i);
          if (depth == 1 && text.equals("status")) {
            Matcher value = STATUS_VALUE.matcher(health).region(i + 1, health.length());
            if (value.lookingAt()) {
              return value.group(1);
            }
          }
        }
      } else if (c == '"') {
        inString = true;
        stringStart = i + 1;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    return "n/a";
  }

  private String body(HttpRequest request) {
    HttpResponse<String> response = send(request);
    return (response != null && response.statusCode() == 200) ? response.body() : null;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      return null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static long number(Pattern pattern, String json) {
    Matcher matcher = pattern.matcher(json);
    return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
  }

  private static double value(String json) {
    Matcher matcher = VALUE.matcher(json);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
  }

  private static String mb(long bytes) {
    return (bytes < 0) ? "n/a" : String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
  }
}
