package io.larder.cache.leak;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Caffeine;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No class of cache-core refers to {@code ThreadLocal} or {@code InheritableThreadLocal}: the
 * compiled classes' constant pools are searched for the class names, so a use hidden in a lambda or
 * a library call made by name is found too.
 */
class NoThreadLocalTest {
  private static final List<String> BANNED =
      List.of("java/lang/ThreadLocal", "java/lang/InheritableThreadLocal");

  /** A class that does use one, to show that the scan finds it. */
  static final class UsesThreadLocal {
    static final ThreadLocal<String> LOCAL = ThreadLocal.withInitial(() -> "x");
  }

  static List<Path> offenders(Path classes) throws IOException {
    try (Stream<Path> files = Files.walk(classes)) {
      return files
          .filter(path -> path.toString().endsWith(".class"))
          .filter(NoThreadLocalTest::refersToThreadLocal)
          .collect(Collectors.toList());
    }
  }

  static boolean refersToThreadLocal(Path classFile) {
    try {
      String bytes = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
      return BANNED.stream()
          .anyMatch(name -> bytes.contains("L" + name + ";") || containsClassEntry(bytes, name));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns whether the name appears as a whole constant (length-prefixed UTF-8 entry). */
  private static boolean containsClassEntry(String bytes, String name) {
    String entry = "" + (char) (name.length() >> 8) + (char) (name.length() & 0xFF) + name;
    return bytes.contains(entry);
  }

  @Test
  void noCacheCoreClassRefersToThreadLocal() throws IOException, URISyntaxException {
    Path classes =
        Paths.get(Caffeine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(Files.isDirectory(classes)).as("cache-core classes at %s", classes).isTrue();
    long scanned;
    try (Stream<Path> files = Files.walk(classes)) {
      scanned = files.filter(path -> path.toString().endsWith(".class")).count();
    }
    assertThat(scanned).isGreaterThan(50);
    assertThat(offenders(classes)).isEmpty();
  }

  @Test
  void theScanFindsAThreadLocal() throws URISyntaxException {
    Path self =
        Paths.get(
                NoThreadLocalTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve(UsesThreadLocal.class.getName().replace('.', '/') + ".class");
    assertThat(refersToThreadLocal(self)).isTrue();
    assertThat(UsesThreadLocal.LOCAL.get()).isEqualTo("x");
  }
}
