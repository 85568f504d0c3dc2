package io.larder.benchmarks.hitrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReaderTest {
  @TempDir Path directory;

  private Path gzip(String text) throws IOException {
    Path file = directory.resolve("trace.keys.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.US_ASCII));
    }
    return file;
  }

  @Test
  void readsOneKeyPerLine() throws IOException {
    Path file = gzip("17\n4294967296\n17\n9223372036854775807\n-5\n");
    assertThat(TraceReader.read(file)).containsExactly(17, 4_294_967_296L, 17, Long.MAX_VALUE, -5);
  }

  @Test
  void toleratesAMissingFinalLineFeedCarriageReturnsAndBlankLines() throws IOException {
    Path file = gzip("1\r\n\n2\r\n3");
    assertThat(TraceReader.read(file)).containsExactly(1, 2, 3);
  }

  @Test
  void stopsAtTheLimit() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      text.append(i).append('\n');
    }
    Path file = gzip(text.toString());
    assertThat(TraceReader.read(file)).hasSize(10_000);
    assertThat(TraceReader.read(file, 3)).containsExactly(0, 1, 2);
  }

  @Test
  void namesTheLineOfAMalformedKey() throws IOException {
    Path file = gzip("1\n2\nthree\n");
    assertThatThrownBy(() -> TraceReader.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(":3:");
  }

  @Test
  void rejectsAKeyBeyondSixtyFourBits() throws IOException {
    Path file = gzip("99999999999999999999\n");
    assertThatThrownBy(() -> TraceReader.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("out of range");
  }
}
