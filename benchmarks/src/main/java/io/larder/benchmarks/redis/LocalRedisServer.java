package io.larder.benchmarks.redis;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@code redis-server} the benchmark starts itself: on 127.0.0.1, a free port, no persistence, a
 * temporary directory; {@link #close()} kills it. The machine may be shared, so a port taken
 * between the search and the bind is retried with another.
 */
public final class LocalRedisServer implements AutoCloseable {
  private final int port;
  private final Path directory;
  private final Process process;

  private LocalRedisServer(int port, Path directory, Process process) {
    this.port = port;
    this.directory = directory;
    this.process = process;
  }

  /** Returns whether {@code redis-server} can be run from the PATH. */
  public static boolean available() {
    try {
      Process probe =
          new ProcessBuilder("redis-server", "--version")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Starts a server. */
  public static LocalRedisServer start() throws IOException {
    IOException failure = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      Path directory = Files.createTempDirectory("larder-bench-redis-");
      Process process =
          new ProcessBuilder(
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
                  directory.toString())
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("redis.log").toFile())
              .start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (process.isAlive() && !answersPing(port) && System.nanoTime() - deadline < 0) {
        LockSupport.parkNanos(5_000_000L);
      }
      if (process.isAlive() && answersPing(port)) {
        // A fork that JMH or the user stops (SIGTERM) must not leave its server behind.
        Runtime.getRuntime()
            .addShutdownHook(new Thread(process::destroyForcibly, "redis-server-stopper"));
        return new LocalRedisServer(port, directory, process);
      }
      process.destroyForcibly();
      failure =
          new IOException(
              "redis-server did not start on port "
                  + port
                  + ": "
                  + Files.readString(directory.resolve("redis.log")));
    }
    throw failure;
  }

  /** Returns the server's port. */
  public int port() {
    return port;
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    try {
      process.waitFor(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(directory);
  }

  private static boolean answersPing(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      socket.setSoTimeout(1_000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }
}
