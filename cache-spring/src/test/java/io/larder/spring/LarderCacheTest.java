package io.larder.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.cache.AsyncCache;
import io.larder.cache.Caffeine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.cache.Cache;
import org.springframework.cache.Cache.ValueRetrievalException;
import org.springframework.cache.support.NullValue;

/**
 * Spring's cache contract, as Spring Framework's own tests expect it of a {@link Cache} (its {@code
 * AbstractCacheTests} and {@code AbstractValueAdaptingCacheTests}), on a {@link LarderCache} backed
 * by a synchronous and by an asynchronous Larder cache.
 */
class LarderCacheTest {
  private static final String NAME = "testCache";

  static LarderCache syncCache(boolean allowNullValues) {
    return new LarderCache(NAME, Caffeine.newBuilder().build(), allowNullValues);
  }

  static LarderCache asyncCache(boolean allowNullValues) {
    AsyncCache<Object, Object> cache = Caffeine.newBuilder().buildAsync();
    return new LarderCache(NAME, cache, allowNullValues);
  }

  /** The contract every Spring cache keeps, whatever backs it. */
  abstract static class Contract {
    abstract LarderCache cache(boolean allowNullValues);

    @Test
    void exposesNameAndNativeCache() {
      LarderCache cache = cache(true);
      assertThat(cache.getName()).isEqualTo(NAME);
      assertThat(cache.getNativeCache()).isInstanceOf(io.larder.cache.Cache.class);
      assertThat(cache.getInsight()).isPresent();
    }

    @Test
    void putThenGetReturnsTheValue() {
      LarderCache cache = cache(true);
      assertThat(cache.get("key")).isNull();
      cache.put("key", "value");
      assertThat(cache.get("key")).isNotNull();
      assertThat(cache.get("key").get()).isEqualTo("value");
      assertThat(cache.get("key", String.class)).isEqualTo("value");
      assertThat(cache.get("key", (Class<String>) null)).isEqualTo("value");
    }

    @Test
    void getWithWrongTypeFails() {
      LarderCache cache = cache(true);
      cache.put("key", "value");
      assertThatThrownBy(() -> cache.get("key", Integer.class))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is not of required type [java.lang.Integer]");
    }

    @Test
    void putNullStoresTheNullMarkerWhenAllowed() {
      LarderCache cache = cache(true);
      cache.put("key", null);
      assertThat(cache.get("key")).isNotNull();
      assertThat(cache.get("key").get()).isNull();
      assertThat(cache.get("key", String.class)).isNull();
      assertThat(cache.getNativeCache().getIfPresent("key")).isEqualTo(NullValue.INSTANCE);
    }

    @Test
    void putNullFailsWhenNotAllowed() {
      LarderCache cache = cache(false);
      assertThat(cache.isAllowNullValues()).isFalse();
      assertThatThrownBy(() -> cache.put("key", null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Cache 'testCache' is configured to not allow null values");
    }

    @Test
    void putIfAbsentStoresOnlyWhenAbsent() {
      LarderCache cache = cache(true);
      assertThat(cache.putIfAbsent("key", "first")).isNull();
      Cache.ValueWrapper existing = cache.putIfAbsent("key", "second");
      assertThat(existing).isNotNull();
      assertThat(existing.get()).isEqualTo("first");
      assertThat(cache.get("key").get()).isEqualTo("first");
    }

    @Test
    void putIfAbsentOfNullReportsTheNullValue() {
      LarderCache cache = cache(true);
      assertThat(cache.putIfAbsent("key", null)).isNull();
      Cache.ValueWrapper existing = cache.putIfAbsent("key", "value");
      assertThat(existing).isNotNull();
      assertThat(existing.get()).isNull();
    }

    @Test
    void evictRemovesTheEntry() {
      LarderCache cache = cache(true);
      cache.put("key", "value");
      cache.evict("key");
      assertThat(cache.get("key")).isNull();
      cache.evict("absent");
    }

    @Test
    void evictIfPresentReportsWhetherItRemoved() {
      LarderCache cache = cache(true);
      cache.put("key", "value");
      assertThat(cache.evictIfPresent("key")).isTrue();
      assertThat(cache.evictIfPresent("key")).isFalse();
      assertThat(cache.get("key")).isNull();
    }

    @Test
    void clearRemovesEverything() {
      LarderCache cache = cache(true);
      cache.put("one", "1");
      cache.put("two", "2");
      cache.clear();
      assertThat(cache.get("one")).isNull();
      assertThat(cache.get("two")).isNull();
    }

    @Test
    void invalidateReportsWhetherThereWasAnything() {
      LarderCache cache = cache(true);
      assertThat(cache.invalidate()).isFalse();
      cache.put("key", "value");
      assertThat(cache.invalidate()).isTrue();
      assertThat(cache.get("key")).isNull();
      assertThat(cache.invalidate()).isFalse();
    }

    @Test
    void valueLoaderRunsOnlyWhenAbsent() {
      LarderCache cache = cache(true);
      AtomicInteger calls = new AtomicInteger();
      assertThat(cache.get("key", () -> "loaded" + calls.incrementAndGet())).isEqualTo("loaded1");
      assertThat(cache.get("key", () -> "loaded" + calls.incrementAndGet())).isEqualTo("loaded1");
      assertThat(calls).hasValue(1);
      cache.put("other", "present");
      assertThat(cache.get("other", () -> "unused")).isEqualTo("present");
    }

    @Test
    void valueLoaderMayLoadNullWhenAllowed() {
      LarderCache cache = cache(true);
      Object loaded = cache.get("key", () -> null);
      assertThat(loaded).isNull();
      assertThat(cache.get("key")).isNotNull();
      assertThat(cache.get("key").get()).isNull();
    }

    @Test
    void valueLoaderLoadingNullFailsWhenNotAllowed() {
      LarderCache cache = cache(false);
      assertThatThrownBy(() -> cache.get("key", () -> null))
          .isInstanceOf(ValueRetrievalException.class)
          .hasCauseInstanceOf(IllegalArgumentException.class);
      assertThat(cache.get("key")).isNull();
    }

    @Test
    void valueLoaderExceptionIsWrappedAndNothingIsStored() {
      LarderCache cache = cache(true);
      UnsupportedOperationException failure = new UnsupportedOperationException("expected");
      assertThatThrownBy(
              () ->
                  cache.get(
                      "key",
                      () -> {
                        throw failure;
                      }))
          .isInstanceOfSatisfying(
              ValueRetrievalException.class,
              e -> {
                assertThat(e.getKey()).isEqualTo("key");
                assertThat(e.getCause()).isSameAs(failure);
              })
          .hasMessageContaining("Value for key 'key' could not be loaded");
      assertThat(cache.get("key")).isNull();
    }

    @Test
    void valueLoaderCheckedExceptionIsWrapped() {
      LarderCache cache = cache(true);
      Exception failure = new Exception("checked");
      assertThatThrownBy(
              () ->
                  cache.get(
                      "key",
                      () -> {
                        throw failure;
                      }))
          .isInstanceOf(ValueRetrievalException.class)
          .hasCause(failure);
    }
  }

  @Nested
  class Synchronous extends Contract {
    @Override
    LarderCache cache(boolean allowNullValues) {
      return syncCache(allowNullValues);
    }

    @Test
    void retrieveNeedsAnAsyncCache() {
      LarderCache cache = cache(true);
      assertThat(cache.isAsync()).isFalse();
      assertThatThrownBy(() -> cache.retrieve("key"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("setAsyncCacheMode(true)");
      assertThatThrownBy(() -> cache.retrieve("key", () -> CompletableFuture.completedFuture("v")))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(cache::getAsyncCache).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void lookupLoadsThroughALoadingCache() {
      LarderCache cache = new LarderCache(NAME, Caffeine.newBuilder().build(key -> key + "!"));
      assertThat(cache.get("key").get()).isEqualTo("key!");
      assertThat(cache.get("key", String.class)).isEqualTo("key!");
    }
  }

  @Nested
  class Asynchronous extends Contract {
    @Override
    LarderCache cache(boolean allowNullValues) {
      return asyncCache(allowNullValues);
    }

    @Test
    void retrieveOfAbsentKeyIsNull() {
      assertThat(cache(true).retrieve("key")).isNull();
      assertThat(cache(false).retrieve("key")).isNull();
    }

    @Test
    void retrieveWrapsValuesWhenNullsAreAllowed() {
      LarderCache cache = cache(true);
      assertThat(cache.isAsync()).isTrue();
      cache.put("key", "value");
      cache.put("nothing", null);
      assertThat(cache.retrieve("key").join())
          .isInstanceOfSatisfying(
              Cache.ValueWrapper.class, w -> assertThat(w.get()).isEqualTo("value"));
      assertThat(cache.retrieve("nothing").join())
          .isInstanceOfSatisfying(Cache.ValueWrapper.class, w -> assertThat(w.get()).isNull());
    }

    @Test
    void retrieveReturnsRawValuesWhenNullsAreNotAllowed() {
      LarderCache cache = cache(false);
      cache.put("key", "value");
      assertThat(cache.retrieve("key").join()).isEqualTo("value");
    }

    @Test
    void retrieveWithLoaderLoadsOnceAndCaches() {
      LarderCache cache = cache(true);
      AtomicInteger calls = new AtomicInteger();
      CompletableFuture<String> first =
          cache.retrieve(
              "key", () -> CompletableFuture.completedFuture("loaded" + calls.incrementAndGet()));
      CompletableFuture<String> second =
          cache.retrieve(
              "key", () -> CompletableFuture.completedFuture("loaded" + calls.incrementAndGet()));
      assertThat(first.join()).isEqualTo("loaded1");
      assertThat(second.join()).isEqualTo("loaded1");
      assertThat(calls).hasValue(1);
      assertThat(cache.get("key").get()).isEqualTo("loaded1");
    }

    @Test
    void retrieveWithLoaderMayLoadNullWhenAllowed() {
      LarderCache cache = cache(true);
      CompletableFuture<Object> loaded =
          cache.retrieve("key", () -> CompletableFuture.completedFuture(null));
      assertThat(loaded.join()).isNull();
      assertThat(cache.get("key")).isNotNull();
      assertThat(cache.get("key").get()).isNull();
    }

    @Test
    void retrieveWithFailingLoaderCompletesExceptionallyAndStoresNothing() {
      LarderCache cache = cache(false);
      CompletableFuture<String> loaded =
          cache.retrieve(
              "key", () -> CompletableFuture.failedFuture(new IllegalStateException("no")));
      assertThat(loaded).isCompletedExceptionally();
      assertThat(cache.get("key")).isNull();
    }
  }
}
