package io.larder.cache.redis;

import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real {@code redis-server} for tests: started on 127.0.0.1 on a free port, without persistence,
 * in a temporary directory, and killed by {@link #close()}. {@link #kill()} and {@link #restart()}
 * stop it abruptly and bring it back, empty, on the same port. Public, and shipped in this module's
 * test jar, for cache-spring's Redis tests.
 */
public final class RedisServer implements AutoCloseable {

  private static final long START_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(20);

  private final int port;
  private final Path directory;
  private final List<String> extraArguments;
  private Process process;

  private RedisServer(int port, Path directory, List<String> extraArguments) throws IOException {
    this.port = port;
    this.directory = directory;
    this.extraArguments = extraArguments;
    this.process = launch();
  }

  /**
   * Starts a server on a free loopback port. The machine is shared: a port found free can be taken
   * before redis-server binds it, so a few ports are tried.
   */
  public static RedisServer start() throws IOException {
    IllegalStateException failure = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        return new RedisServer(freePort(), Files.createTempDirectory("larder-redis-"), List.of());
      } catch (IllegalStateException e) {
        if (!String.valueOf(e.getMessage()).contains("Address already in use")) {
          throw e;
        }
        failure = e;
      }
    }
    throw failure;
  }

  /** Starts a node of a Redis Cluster: its port and its cluster-bus port (+10000) are free. */
  public static RedisServer startClusterNode() throws IOException {
    Path directory = Files.createTempDirectory("larder-redis-cluster-");
    int port = freePort();
    for (int attempt = 0; attempt < 100 && (port > 55_535 || !isFree(port + 10_000)); attempt++) {
      port = freePort();
    }
    return new RedisServer(
        port,
        directory,
        List.of(
            "--cluster-enabled",
            "yes",
            "--cluster-config-file",
            "nodes.conf",
            "--cluster-node-timeout",
            "5000"));
  }

  /** Returns the server's port. */
  public int port() {
    return port;
  }

  /** Returns the server's address for Lettuce. */
  public RedisURI uri() {
    return RedisURI.create("redis://127.0.0.1:" + port);
  }

  /** Kills the server at once (SIGKILL), as a crash would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException("redis-server on port " + port + " did not die");
    }
  }

  /** Starts the server again on the same port, empty. */
  public void restart() throws IOException {
    if (process.isAlive()) {
      throw new IllegalStateException("redis-server on port " + port + " is still running");
    }
    process = launch();
  }

  /** Runs one command with redis-cli and returns its output. */
  public String cli(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
    command.addAll(List.of(args));
    Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = cli.getInputStream().readAllBytes();
    if (!cli.waitFor(30, TimeUnit.SECONDS)) {
      cli.destroyForcibly();
      throw new IllegalStateException("redis-cli did not finish: " + command);
    }
    return new String(output, StandardCharsets.UTF_8).trim();
  }

  /** Starts redis-cli in the background (for a command that blocks the server, DEBUG SLEEP). */
  public Process cliInBackground(String... args) throws IOException {
    List<String> command =
        new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  @Override
  public void close() throws IOException {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while stopping redis-server on port " + port, e);
    }
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(directory);
  }

  private Process launch() throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                directory.toString(),
                "--enable-debug-command",
                "local"));
    command.addAll(extraArguments);
    Process started =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("redis.log").toFile())
            .start();
    long deadline = System.nanoTime() + START_DEADLINE_NANOS;
    while (!answersPing()) {
      if (!started.isAlive()) {
        throw new IllegalStateException("redis-server exited: " + log());
      }
      if (System.nanoTime() - deadline > 0) {
        started.destroyForcibly();
        throw new IllegalStateException("redis-server did not answer PING in 20 s: " + log());
      }
      LockSupport.parkNanos(5_000_000L);
    }
    return started;
  }

  private String log() throws IOException {
    Path log = directory.resolve("redis.log");
    return Files.exists(log) ? Files.readString(log) : "(no log)";
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      socket.setSoTimeout(1_000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[7];
      int read = in.readNBytes(reply, 0, 7);
      return read == 7 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isFree(int port) {
    try {
      new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
