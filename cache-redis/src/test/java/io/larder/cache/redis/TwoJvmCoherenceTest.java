package io.larder.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Caffeine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Coherence across two JVMs: this one and a forked {@link PeerProcess}, each with its own L1 and
 * connections, sharing one real redis-server; and the propagation time of a write to the other JVM,
 * measured from the write's return here to the peer's reply that it reads the new value.
 */
class TwoJvmCoherenceTest {

  private static final int MEASURED_WRITES = 200;

  @Test
  void writesOnEitherJvmReachTheOther() throws Exception {
    try (RedisServer redis = RedisServer.start();
        TwoLevelCache<String, String> here =
            RedisCacheBuilder.newBuilder(redis.uri())
                .namespace("app", "twojvm")
                .l1(Caffeine.newBuilder().maximumSize(1_000))
                .commandTimeout(TwoLevelCacheTest.TEST_COMMAND_TIMEOUT)
                .build(Codec.utf8(), Codec.utf8())) {
      Process peer =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx64m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  PeerProcess.class.getName(),
                  Integer.toString(redis.port()),
                  "twojvm")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      try (BufferedReader fromPeer =
              new BufferedReader(
                  new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
          PrintStream toPeer =
              new PrintStream(peer.getOutputStream(), true, StandardCharsets.UTF_8)) {
        assertThat(fromPeer.readLine()).isEqualTo("ready");

        // Here to there: the peer holds the old value in its L1, then sees the new one.
        here.put("k", "h1");
        assertThat(ask(toPeer, fromPeer, "hold k h1")).isEqualTo("ok");
        here.put("k", "h2");
        assertThat(ask(toPeer, fromPeer, "await k h2")).isEqualTo("ok");

        // There to here.
        Poll.until(
            "here holds h2 in L1",
            () -> "h2".equals(here.getIfPresent("k")) && here.asMap().containsKey("k"));
        assertThat(ask(toPeer, fromPeer, "put k p1")).isEqualTo("ok");
        Poll.until("here sees p1", () -> "p1".equals(here.getIfPresent("k")));

        // A clear on the peer empties this JVM's L1.
        assertThat(ask(toPeer, fromPeer, "clear")).isEqualTo("ok");
        Poll.until("here's L1 is empty", () -> here.asMap().isEmpty());
        assertThat(here.getIfPresent("k")).isNull();

        // Propagation to the other JVM, measured here: put returns, then the peer spins on reads
        // until it answers the new value (includes one pipe round trip to the peer).
        long[] nanos = new long[MEASURED_WRITES];
        for (int i = 0; i < MEASURED_WRITES; i++) {
          here.put("m", "old" + i);
          assertThat(ask(toPeer, fromPeer, "hold m old" + i)).isEqualTo("ok");
          here.put("m", "new" + i);
          long start = System.nanoTime();
          assertThat(ask(toPeer, fromPeer, "await m new" + i)).isEqualTo("ok");
          nanos[i] = System.nanoTime() - start;
        }
        report("cross-JVM propagation", nanos);

        toPeer.println("quit");
        assertThat(peer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(peer.exitValue()).isZero();
      } finally {
        peer.destroyForcibly();
      }
    }
  }

  private static String ask(PrintStream toPeer, BufferedReader fromPeer, String command)
      throws IOException {
    toPeer.println(command);
    String reply = fromPeer.readLine();
    return reply == null ? "(peer exited)" : reply;
  }

  static void report(String what, long[] nanos) throws IOException {
    String line = what + ": " + Percentiles.describe(nanos);
    System.out.println(line);
    Path target = Path.of("target");
    if (Files.isDirectory(target)) {
      Files.writeString(
          target.resolve("propagation.txt"),
          line + System.lineSeparator(),
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    }
  }
}
