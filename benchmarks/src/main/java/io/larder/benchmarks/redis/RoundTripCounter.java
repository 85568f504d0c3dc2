package io.larder.benchmarks.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the commands that clients send to a Redis server, through {@code MONITOR}: one line per
 * command a client sent, and also one per command a Lua script ran ({@code [0 lua]}), which are not
 * round trips and are not counted. {@code INFO commandstats} would count those too, so it would
 * overstate a cache that does its work in scripts.
 */
public final class RoundTripCounter implements AutoCloseable {
  private static final String MARK = "larder-round-trip-mark";

  private final int port;
  private final Socket monitor;
  private final Thread reader;
  private final AtomicLong commands = new AtomicLong();
  private final AtomicLong marks = new AtomicLong();

  /** Starts monitoring the server on {@code port}. */
  public RoundTripCounter(int port) throws IOException {
    this.port = port;
    this.monitor = new Socket(InetAddress.getLoopbackAddress(), port);
    OutputStream out = monitor.getOutputStream();
    out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8));
    String ok = in.readLine();
    if (!"+OK".equals(ok)) {
      monitor.close();
      throw new IOException("MONITOR answered " + ok);
    }
    reader = new Thread(() -> read(in), "round-trip-counter");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(BufferedReader in) {
    try {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.contains("\"" + MARK + "\"")) {
          marks.incrementAndGet();
        } else if (!line.contains(" lua] ")) {
          commands.incrementAndGet();
        }
      }
    } catch (IOException e) {
      // The socket was closed: counting is over.
    }
  }

  /**
   * Returns the number of client commands seen so far, once every command sent before this call has
   * been seen: it sends a marker (not counted) and waits for it to come through the monitor.
   */
  public long settledCount() throws IOException {
    long expected = marks.get() + 1;
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("ECHO " + MARK + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      socket.getInputStream().readNBytes(MARK.length() + 7);
    }
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (marks.get() < expected) {
      if (System.nanoTime() - deadline > 0) {
        throw new IOException("the monitor did not see the marker within 30 s");
      }
      Thread.onSpinWait();
    }
    return commands.get();
  }

  @Override
  public void close() throws IOException {
    monitor.close();
  }
}
