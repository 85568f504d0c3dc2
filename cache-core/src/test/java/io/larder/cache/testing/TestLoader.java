package io.larder.cache.testing;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A cache loader described once and built natively by each library, so that what the library
 * detects about it (whether {@code loadAll} is overridden) is its own doing.
 */
public final class TestLoader<K, V> {

  /** A loader step that may throw any exception, checked ones included. */
  @FunctionalInterface
  public interface Load<T, R> {
    @Nullable R apply(T input) throws Exception;
  }

  /** A reload step that may throw any exception. */
  @FunctionalInterface
  public interface Reload<K, V> {
    @Nullable V apply(K key, V oldValue) throws Exception;
  }

  /** An asynchronous reload step. */
  @FunctionalInterface
  public interface AsyncReload<K, V> {
    CompletableFuture<V> apply(K key, V oldValue) throws Exception;
  }

  final Load<K, V> load;
  @Nullable Load<Set<? extends K>, Map<? extends K, ? extends V>> loadAll;
  @Nullable Reload<K, V> reload;
  @Nullable AsyncReload<K, V> asyncReload;

  private TestLoader(Load<K, V> load) {
    this.load = requireNonNull(load);
  }

  /** A loader that implements {@code load} only. */
  public static <K, V> TestLoader<K, V> loading(Load<K, V> load) {
    return new TestLoader<>(load);
  }

  /** Also overrides {@code loadAll}. */
  public TestLoader<K, V> withLoadAll(
      Load<Set<? extends K>, Map<? extends K, ? extends V>> loadAll) {
    this.loadAll = loadAll;
    return this;
  }

  /** Also overrides {@code reload}. */
  public TestLoader<K, V> withReload(Reload<K, V> reload) {
    this.reload = reload;
    return this;
  }

  /** Also overrides {@code asyncReload}. */
  public TestLoader<K, V> withAsyncReload(AsyncReload<K, V> asyncReload) {
    this.asyncReload = asyncReload;
    return this;
  }

  @Nullable V reload(K key, V oldValue) throws Exception {
    Reload<K, V> r = reload;
    return (r == null) ? load.apply(key) : r.apply(key, oldValue);
  }
}
