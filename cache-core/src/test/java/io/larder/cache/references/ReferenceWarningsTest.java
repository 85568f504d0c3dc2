package io.larder.cache.references;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.AsyncCache;
import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import io.larder.cache.LoadingCache;
import io.larder.cache.MemoryBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The warnings of doubtful reference settings (a Larder addition: Caffeine logs nothing): weak keys
 * of a type with its own {@code equals}, and soft values without a size, weight or memory bound.
 * Each is logged for the first cache built at a place in the code (and, for weak keys, with a key
 * type), not for each entry nor for each later cache built there (a cache built per request would
 * otherwise log per request), through {@code System.Logger} (here the JDK's default backend, {@code
 * java.util.logging}, whose records a handler captures), names the cache, where it was built and
 * the key type, and says what to do instead. The log remembers build sites for the life of the JVM,
 * so every test here builds its caches at lines of its own.
 */
class ReferenceWarningsTest {
  /** The logger that ReferenceWarnings writes to (its class name). */
  private static final String LOGGER = "io.larder.cache.internal.ReferenceWarnings";

  // Held in a field: java.util.logging keeps its loggers weakly, and with them their handlers.
  private final Logger julLogger = Logger.getLogger(LOGGER);
  private final List<LogRecord> records = new ArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          synchronized (records) {
            records.add(record);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private boolean usedParentHandlers;

  @BeforeEach
  void captureLog() {
    julLogger.addHandler(handler);
    usedParentHandlers = julLogger.getUseParentHandlers();
    julLogger.setUseParentHandlers(false); // the warnings are expected: keep them off the console
  }

  @AfterEach
  void releaseLog() {
    julLogger.removeHandler(handler);
    julLogger.setUseParentHandlers(usedParentHandlers);
  }

  private List<String> messages() {
    synchronized (records) {
      for (LogRecord record : records) {
        assertThat(record.getLevel())
            .as("level of %s", record.getMessage())
            .isEqualTo(Level.WARNING);
      }
      return records.stream().map(LogRecord::getMessage).toList();
    }
  }

  /* --------------- Weak keys with value equality --------------- */

  /** A key type with value equality of its own. */
  record RecordKey(int id) {}

  /** A class that overrides equals and hashCode. */
  static class ValueKey {
    final int id;

    ValueKey(int id) {
      this.id = id;
    }

    @Override
    public boolean equals(Object o) {
      return (o instanceof ValueKey) && (((ValueKey) o).id == id);
    }

    @Override
    public int hashCode() {
      return id;
    }
  }

  /** Inherits its equality from a superclass. */
  static final class DerivedValueKey extends ValueKey {
    DerivedValueKey(int id) {
      super(id);
    }
  }

  /** Identity equality: Object's equals. */
  static class IdentityKey {
    final int id;

    IdentityKey(int id) {
      this.id = id;
    }
  }

  /** Identity equality inherited through a class that does not override equals. */
  static final class DerivedIdentityKey extends IdentityKey {
    DerivedIdentityKey(int id) {
      super(id);
    }
  }

  /** Enum equality is identity (Enum.equals is final). */
  enum Color {
    RED,
    GREEN,
    BLUE
  }

  static Stream<Arguments> keysWithValueEquality() {
    return Stream.of(
        Arguments.of(String.class, (Function<Integer, Object>) i -> "key-" + i),
        Arguments.of(Integer.class, (Function<Integer, Object>) i -> 1_000 + i),
        Arguments.of(Long.class, (Function<Integer, Object>) i -> 1_000L + i),
        Arguments.of(RecordKey.class, (Function<Integer, Object>) RecordKey::new),
        Arguments.of(ValueKey.class, (Function<Integer, Object>) ValueKey::new),
        Arguments.of(DerivedValueKey.class, (Function<Integer, Object>) DerivedValueKey::new),
        Arguments.of(List.class, (Function<Integer, Object>) List::of));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keysWithValueEquality")
  void weakKeysOfATypeWithItsOwnEqualsWarnOncePerCache(
      Class<?> type, Function<Integer, Object> keys) {
    Cache<Object, Object> cache =
        Caffeine.newBuilder().name("sessions").weakKeys().executor(Runnable::run).build();
    List<Object> held = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Object key = keys.apply(i);
      held.add(key);
      cache.put(key, i);
      cache.asMap().computeIfAbsent(key, k -> -1);
    }
    assertThat(cache.estimatedSize()).isEqualTo(100);

    List<String> messages = messages();
    assertThat(messages).hasSize(1);
    String keyType = held.get(0).getClass().getName();
    assertThat(type.isAssignableFrom(held.get(0).getClass())).isTrue();
    assertThat(messages.get(0))
        .contains("Cache 'sessions'")
        .contains("built at " + ReferenceWarningsTest.class.getName())
        .contains("weak keys of type " + keyType)
        .contains("matched by identity (==)")
        .contains("Use strong keys, or keys that are canonical instances");
  }

  @Test
  void eachWeakKeyedCacheWarnsOnceForItself() {
    Cache<String, Integer> first = Caffeine.newBuilder().name("first").weakKeys().build();
    Cache<Integer, Integer> second = Caffeine.newBuilder().name("second").weakKeys().build();
    List<Object> held = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String text = "k" + i;
      Integer number = 10_000 + i;
      held.add(text);
      held.add(number);
      first.put(text, i);
      second.put(number, i);
      first.put(text, -i);
    }
    assertThat(held).hasSize(100);

    List<String> messages = messages();
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0)).contains("Cache 'first'", "java.lang.String");
    assertThat(messages.get(1)).contains("Cache 'second'", "java.lang.Integer");
  }

  @Test
  void unnamedCacheIsNamedByWhereItWasBuilt() {
    Cache<String, String> cache = Caffeine.newBuilder().weakKeys().build();
    String key = "key";
    cache.put(key, "value");

    List<String> messages = messages();
    assertThat(messages).hasSize(1);
    String site = ReferenceWarningsTest.class.getName() + ".unnamedCacheIsNamedByWhereItWasBuilt(";
    assertThat(messages.get(0)).startsWith("Cache '" + site).contains("built at " + site);
  }

  @Test
  void nothingIsLoggedBeforeTheFirstWrite() {
    Cache<String, String> cache = Caffeine.newBuilder().weakKeys().build();
    assertThat(cache.getIfPresent("absent")).isNull();
    assertThat(cache.asMap().containsKey("absent")).isFalse();
    assertThat(messages()).isEmpty();
  }

  @Test
  void weakKeysOfALoadingAndAnAsyncCacheWarnOnce() {
    LoadingCache<String, Integer> loading =
        Caffeine.newBuilder()
            .name("loading")
            .weakKeys()
            .executor(Runnable::run)
            .build(String::length);
    AsyncCache<String, Integer> async =
        Caffeine.newBuilder().name("async").weakKeys().executor(Runnable::run).buildAsync();
    List<String> held = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String key = "key-" + i;
      held.add(key);
      loading.get(key);
      async.get(key, String::length).join();
    }
    assertThat(held).hasSize(20);

    List<String> messages = messages();
    assertThat(messages).hasSize(2);
    assertThat(messages).anySatisfy(m -> assertThat(m).contains("Cache 'loading'", "String"));
    assertThat(messages).anySatisfy(m -> assertThat(m).contains("Cache 'async'", "String"));
  }

  @Test
  void weakKeyedCachesBuiltAtOneSiteWarnOncePerKeyType() {
    List<Object> held = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Cache<Object, Integer> perRequest =
          Caffeine.newBuilder().name("request-" + i).weakKeys().build();
      // The first key written is the one checked: a String in even caches, a Long in odd ones
      Object key = (i % 2 == 0) ? "key-" + i : Long.valueOf(1_000L + i);
      held.add(key);
      perRequest.put(key, i);
    }
    assertThat(held).hasSize(50);

    List<String> messages = messages();
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0))
        .contains(
            "Cache 'request-0'",
            "java.lang.String",
            "(Logged once for this build site and key type.)");
    assertThat(messages.get(1)).contains("Cache 'request-1'", "java.lang.Long");
  }

  static Stream<Arguments> keysWithIdentityEquality() {
    return Stream.of(
        Arguments.of(Object.class, (Function<Integer, Object>) i -> new Object()),
        Arguments.of(IdentityKey.class, (Function<Integer, Object>) IdentityKey::new),
        Arguments.of(DerivedIdentityKey.class, (Function<Integer, Object>) DerivedIdentityKey::new),
        Arguments.of(Color.class, (Function<Integer, Object>) i -> Color.values()[i % 3]),
        Arguments.of(Thread.class, (Function<Integer, Object>) i -> new Thread(() -> {})),
        Arguments.of(int[].class, (Function<Integer, Object>) i -> new int[] {i}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keysWithIdentityEquality")
  void weakKeysWithIdentityEqualityLogNothing(Class<?> type, Function<Integer, Object> keys) {
    Cache<Object, Object> cache =
        Caffeine.newBuilder().name("identity").weakKeys().executor(Runnable::run).build();
    List<Object> held = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Object key = keys.apply(i);
      held.add(key);
      cache.put(key, i);
    }
    assertThat(type.isInstance(held.get(0))).isTrue();
    assertThat(messages()).isEmpty();
  }

  @Test
  void strongKeysOfAnyTypeLogNothing() {
    Cache<String, Integer> cache = Caffeine.newBuilder().name("strong").maximumSize(10).build();
    for (int i = 0; i < 30; i++) {
      cache.put("key-" + i, i);
    }
    assertThat(messages()).isEmpty();
  }

  /* --------------- Soft values without a bound --------------- */

  @Test
  void softValuesWithoutABoundWarnOnceWhenBuilt() {
    Cache<Integer, Object> cache =
        Caffeine.newBuilder().name("pictures").softValues().executor(Runnable::run).build();

    List<String> atBuild = messages();
    assertThat(atBuild).hasSize(1);
    assertThat(atBuild.get(0))
        .contains("Cache 'pictures'")
        .contains("built at " + ReferenceWarningsTest.class.getName())
        .contains("soft values without maximumSize, maximumWeight or a memory bound")
        .contains("cleared only under heap pressure")
        .contains("Prefer a size or memory bound");

    List<Object> held = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Object value = new Object();
      held.add(value);
      cache.put(i, value);
      cache.get(i + 1_000, k -> value);
    }
    assertThat(held).hasSize(100);
    assertThat(messages()).hasSize(1);
  }

  @Test
  void softValuesWithOnlyExpirationStillWarn() {
    Caffeine.newBuilder().name("timed").softValues().expireAfterWrite(1, TimeUnit.MINUTES).build();
    assertThat(messages())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("Cache 'timed'", "soft values");
  }

  @Test
  void eachUnboundedSoftCacheWarnsForItself() {
    Caffeine.newBuilder().name("one").softValues().build();
    Caffeine.newBuilder().name("two").softValues().build((Integer k) -> k);

    List<String> messages = messages();
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0)).contains("Cache 'one'");
    assertThat(messages.get(1)).contains("Cache 'two'");
  }

  @Test
  void unboundedSoftCachesBuiltAtOneSiteWarnOnce() {
    for (int i = 0; i < 1_000; i++) {
      Caffeine.newBuilder().name("per-request-" + i).softValues().build();
    }
    assertThat(messages())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("Cache 'per-request-0'", "soft values", "(Logged once for this build site.)");

    Caffeine.newBuilder().name("elsewhere").softValues().build();
    assertThat(messages())
        .hasSize(2)
        .last(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("Cache 'elsewhere'");
  }

  static Stream<Arguments> bounds() {
    return Stream.of(
        Arguments.of(
            "maximumSize",
            (Function<Caffeine<Object, Object>, Caffeine<Object, Object>>) b -> b.maximumSize(100)),
        Arguments.of(
            "maximumWeight",
            (Function<Caffeine<Object, Object>, Caffeine<Object, Object>>)
                b -> b.maximumWeight(100).weigher((k, v) -> 1)),
        Arguments.of(
            "maximumMemory",
            (Function<Caffeine<Object, Object>, Caffeine<Object, Object>>)
                b -> b.maximumMemory(1 << 20)),
        Arguments.of(
            "memoryBudget",
            (Function<Caffeine<Object, Object>, Caffeine<Object, Object>>)
                b -> b.memoryBudget(MemoryBudget.ofBytes(1 << 20))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bounds")
  void boundedSoftValuesLogNothing(
      String bound, Function<Caffeine<Object, Object>, Caffeine<Object, Object>> configure) {
    Cache<Object, Object> cache =
        configure
            .apply(
                Caffeine.newBuilder().name("bounded " + bound).softValues().executor(Runnable::run))
            .build();
    List<Object> held = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Object value = new Object();
      held.add(value);
      cache.put(i, value);
    }
    assertThat(held).hasSize(50);
    assertThat(messages()).isEmpty();
  }

  @Test
  void weakValuesWithoutABoundLogNothing() {
    Cache<Object, Object> cache = Caffeine.newBuilder().weakValues().build();
    Object value = new Object();
    cache.put(new Object(), value);
    assertThat(messages()).isEmpty();
    assertThat(Objects.requireNonNull(value)).isNotNull();
  }

  @Test
  void weakStringKeysAndUnboundedSoftValuesLogOneWarningEach() {
    Cache<String, Object> cache =
        Caffeine.newBuilder().name("both").weakKeys().softValues().executor(Runnable::run).build();
    List<Object> held = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String key = "key-" + i;
      Object value = new Object();
      held.add(key);
      held.add(value);
      cache.put(key, value);
    }
    assertThat(held).hasSize(40);

    List<String> messages = messages();
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0)).contains("Cache 'both'", "soft values");
    assertThat(messages.get(1)).contains("Cache 'both'", "weak keys of type java.lang.String");
  }
}
