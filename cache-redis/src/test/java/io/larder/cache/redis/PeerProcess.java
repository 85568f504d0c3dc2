package io.larder.cache.redis;

import io.larder.cache.Caffeine;
import io.lettuce.core.RedisURI;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The second JVM of {@link TwoJvmCoherenceTest}: one instance of a two-level cache driven by
 * commands on standard input, one reply line per command on standard output.
 *
 * <pre>
 * put K V     writes; replies "ok" (or "failed" on L2WriteException)
 * get K       replies the value of getIfPresent, or "null"
 * hold K V    reads until L1 holds V for K; replies "ok" or "timeout"
 * await K V   reads until the cache answers V for K; replies "ok" or "timeout"
 * clear       invalidateAll(); replies "ok"
 * quit        closes the cache and exits
 * </pre>
 */
public final class PeerProcess {
  private static final long DEADLINE_NANOS = Duration.ofSeconds(20).toNanos();

  private PeerProcess() {}

  /** Runs the peer: {@code args} are the Redis port and the cache's name. */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (TwoLevelCache<String, String> cache =
            RedisCacheBuilder.newBuilder(RedisURI.create("redis://127.0.0.1:" + args[0]))
                .namespace("app", args[1])
                .l1(Caffeine.newBuilder().maximumSize(1_000))
                .commandTimeout(TwoLevelCacheTest.TEST_COMMAND_TIMEOUT)
                .build(Codec.utf8(), Codec.utf8());
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      out.println("ready");
      String line;
      while ((line = in.readLine()) != null) {
        String[] words = line.split(" ");
        switch (words[0]) {
          case "put" -> {
            try {
              cache.put(words[1], words[2]);
              out.println("ok");
            } catch (L2WriteException e) {
              out.println("failed");
            }
          }
          case "get" -> out.println(String.valueOf(cache.getIfPresent(words[1])));
          case "hold" -> out.println(readUntil(cache, words[1], words[2], true) ? "ok" : "timeout");
          case "await" ->
              out.println(readUntil(cache, words[1], words[2], false) ? "ok" : "timeout");
          case "clear" -> {
            cache.invalidateAll();
            out.println("ok");
          }
          case "quit" -> {
            return;
          }
          default -> out.println("unknown command: " + line);
        }
      }
    }
  }

  private static boolean readUntil(
      TwoLevelCache<String, String> cache, String key, String value, boolean inL1) {
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    while (System.nanoTime() - deadline < 0) {
      if (value.equals(cache.getIfPresent(key))
          && (!inL1 || value.equals(cache.asMap().get(key)))) {
        return true;
      }
      if (inL1) {
        LockSupport.parkNanos(100_000L);
      }
    }
    return false;
  }
}
