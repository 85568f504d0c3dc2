package io.larder.benchmarks.hitrate;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads an access trace: a gzip-compressed text file with one decimal 64-bit key per line.
 *
 * <p>The parser works on bytes rather than {@code String}s because the larger trace has five
 * million lines. Blank lines and a carriage return before the line feed are tolerated; anything
 * else that is not a decimal integer is an error that names the line.
 */
public final class TraceReader {
  private TraceReader() {}

  /** Reads every access in the file. */
  public static long[] read(Path file) throws IOException {
    return read(file, Integer.MAX_VALUE);
  }

  /** Reads at most {@code limit} accesses from the start of the file. */
  public static long[] read(Path file, int limit) throws IOException {
    try (InputStream in =
        new GZIPInputStream(
            new BufferedInputStream(Files.newInputStream(file), 1 << 16), 1 << 16)) {
      return parse(in, limit, file.toString());
    }
  }

  static long[] parse(InputStream in, int limit, String source) throws IOException {
    long[] keys = new long[1024];
    int count = 0;
    long line = 1;
    long value = 0;
    boolean negative = false;
    boolean inNumber = false;
    byte[] buffer = new byte[1 << 16];
    int read;
    outer:
    while ((read = in.read(buffer)) > 0) {
      for (int i = 0; i < read; i++) {
        byte b = buffer[i];
        if (b >= '0' && b <= '9') {
          int digit = b - '0';
          if (value > (Long.MAX_VALUE - digit) / 10) {
            throw new IOException(source + ":" + line + ": number out of range");
          }
          value = value * 10 + digit;
          inNumber = true;
        } else if (b == '\n') {
          if (inNumber) {
            if (count == keys.length) {
              keys = Arrays.copyOf(keys, keys.length * 2);
            }
            keys[count++] = negative ? -value : value;
            if (count >= limit) {
              break outer;
            }
          } else if (negative) {
            throw new IOException(source + ":" + line + ": a sign without digits");
          }
          value = 0;
          negative = false;
          inNumber = false;
          line++;
        } else if (b == '-' && !inNumber && !negative) {
          negative = true;
        } else if (b != '\r') {
          throw new IOException(
              source + ":" + line + ": unexpected character '" + (char) (b & 0xFF) + "'");
        }
      }
    }
    if (inNumber && count < limit) {
      if (count == keys.length) {
        keys = Arrays.copyOf(keys, keys.length + 1);
      }
      keys[count++] = negative ? -value : value;
    }
    return Arrays.copyOf(keys, count);
  }
}
