package io.larder.cache.redis;

import static java.util.Objects.requireNonNull;

import io.larder.cache.CacheLoader;
import io.larder.cache.LoadingCache;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * A two-level {@link LoadingCache}: a {@link TwoLevelCache} whose misses are loaded by a {@link
 * CacheLoader}, once per key per JVM at a time.
 *
 * <p>{@link #refresh} loads the key again and writes the result through, as a {@link #put} (or an
 * {@link #invalidate} when the loader returns null), so every instance sees it. Bulk reads load
 * missing keys one at a time.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class TwoLevelLoadingCache<K, V> extends TwoLevelCache<K, V>
    implements LoadingCache<K, V> {

  private final CacheLoader<? super K, V> loader;
  private final Executor executor;

  TwoLevelLoadingCache(
      RedisCacheBuilder<? super K, ? super V> builder,
      Codec<K> keyCodec,
      Codec<V> valueCodec,
      CacheLoader<? super K, V> loader) {
    super(builder, keyCodec, valueCodec);
    this.loader = loader;
    this.executor = builder.executor();
  }

  @Override
  public @Nullable V get(K key) {
    return get(key, this::loadOne);
  }

  @Override
  public Map<K, V> getAll(Iterable<? extends K> keys) {
    Map<K, V> found = new LinkedHashMap<>();
    for (K key : keys) {
      V value = get(key);
      if (value != null) {
        found.put(key, value);
      }
    }
    return Collections.unmodifiableMap(found);
  }

  /**
   * Loads {@code key} again on the builder's executor and writes the result through to every
   * instance; the future fails with {@link L2WriteException} if Redis could not be written.
   */
  @Override
  public CompletableFuture<V> refresh(K key) {
    requireNonNull(key);
    return CompletableFuture.supplyAsync(
        () -> {
          V value = loadOne(key);
          if (value == null) {
            invalidate(key);
          } else {
            put(key, value);
          }
          return value;
        },
        executor);
  }

  @Override
  public CompletableFuture<Map<K, V>> refreshAll(Iterable<? extends K> keys) {
    List<K> list = new ArrayList<>();
    List<CompletableFuture<V>> futures = new ArrayList<>();
    for (K key : keys) {
      list.add(key);
      futures.add(refresh(key));
    }
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              Map<K, V> result = new LinkedHashMap<>();
              for (int i = 0; i < list.size(); i++) {
                V value = futures.get(i).join();
                if (value != null) {
                  result.put(list.get(i), value);
                }
              }
              return Collections.unmodifiableMap(result);
            });
  }

  private @Nullable V loadOne(K key) {
    try {
      return loader.load(key);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException(e);
    } catch (Exception e) {
      throw new CompletionException(e);
    }
  }
}
