package io.larder.spring.redis;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncCacheLoader;
import io.larder.cache.CacheLoader;
import io.larder.cache.Caffeine;
import io.larder.cache.redis.Codec;
import io.larder.cache.redis.L2WriteException;
import io.larder.cache.redis.RedisCacheBuilder;
import io.larder.cache.redis.TwoLevelCache;
import io.larder.spring.LarderCache;
import io.larder.spring.LarderCacheManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;

/**
 * A {@link LarderCacheManager} whose every cache is two-level: the manager's own Larder cache (its
 * specification, shared memory budget and guards) in this JVM as L1, in front of Redis as L2,
 * shared by the application's instances. {@code @Cacheable} reads L1, then Redis, then runs the
 * method; {@code @CachePut}, {@code @CacheEvict} and {@code @CacheEvict(allEntries = true)} write
 * through to Redis and drop the key (or every key) from every instance's L1.
 *
 * <p>When Redis cannot be written, {@code put}, {@code evict} and {@code clear} by default ({@link
 * WriteFailure#LOG}) do not throw: Spring calls the same {@code put} to fill the cache after a
 * plain {@code @Cacheable} miss as for a {@code @CachePut}, and a read must keep answering while
 * Redis is down. The failure is logged (a warning once per outage per cache), counted in the
 * cache's L2 errors, and the key (or the whole cache, for {@code clear}) is repaired in Redis when
 * the link returns (see {@link TwoLevelCache}). With {@link WriteFailure#THROW} they throw {@link
 * io.larder.cache.redis.L2WriteException} (through Spring's {@code CacheErrorHandler}, which by
 * default rethrows). Reads never throw for Redis, they answer from L1 or the method.
 *
 * <p>Each cache holds its own Redis connections: closing the manager ({@link #destroy()}, which
 * Spring calls when the context closes) closes every cache and waits for its client threads; a
 * cache that leaves the manager (removed, or rebuilt after a setting changed) is closed too. Custom
 * caches ({@link #registerCustomCache}) are used as given and never closed by the manager. There is
 * no asynchronous two-level cache yet: {@link #setAsyncCacheMode(boolean) asynchronous mode} fails
 * with an error that says so.
 */
public class TwoLevelCacheManager extends LarderCacheManager implements DisposableBean {
  private final Function<String, RedisCacheBuilder<Object, Object>> redis;
  private final Function<String, Codec<Object>> valueCodecs;
  private final Codec<Object> keyCodec = new SpringKeyCodec();
  private final Set<TwoLevelCache<Object, Object>> open = ConcurrentHashMap.newKeySet();
  private volatile WriteFailure writeFailure = WriteFailure.LOG;

  /** What the Spring caches do when a write ({@code put}, {@code evict}, {@code clear}) fails. */
  public enum WriteFailure {
    /**
     * The caller is not told: the failure is logged once per outage per cache and counted, and the
     * key is repaired in Redis when the link returns.
     */
    LOG,
    /** The caller gets the {@link L2WriteException} (the key is repaired all the same). */
    THROW
  }

  /**
   * Creates a manager that creates caches on demand.
   *
   * @param redis returns, for a cache name, the builder of its Redis side: server, namespace, L2
   *     time to live, timeouts (the manager sets the L1)
   * @param valueCodecs returns, for a cache name, the codec of its values in Redis (the manager
   *     adds Spring's {@code null} marker to it, see {@link NullableValueCodec})
   */
  public TwoLevelCacheManager(
      Function<String, RedisCacheBuilder<Object, Object>> redis,
      Function<String, Codec<Object>> valueCodecs) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.valueCodecs = Objects.requireNonNull(valueCodecs, "valueCodecs");
    addCacheRemovalListener(this::closeIfTwoLevel);
  }

  /** Sets what the caches do when Redis cannot be written; by default {@link WriteFailure#LOG}. */
  public void setWriteFailure(WriteFailure writeFailure) {
    this.writeFailure = Objects.requireNonNull(writeFailure, "writeFailure");
  }

  /** Returns what the caches do when Redis cannot be written. */
  public WriteFailure getWriteFailure() {
    return writeFailure;
  }

  /** Builds the two-level cache named {@code name}, with the manager's L1 settings. */
  @Override
  protected io.larder.cache.Cache<Object, Object> createNativeCache(String name) {
    Caffeine<Object, Object> l1 = newCacheBuilder(name);
    RedisCacheBuilder<Object, Object> builder = redis.apply(name).l1(l1);
    Codec<Object> values = new NullableValueCodec(valueCodecs.apply(name));
    AsyncCacheLoader<Object, Object> loader = getCacheLoader();
    TwoLevelCache<Object, Object> cache;
    if (loader == null) {
      cache = builder.build(keyCodec, values);
    } else if (loader instanceof CacheLoader<Object, Object> synchronous) {
      cache = builder.build(keyCodec, values, synchronous);
    } else {
      throw new IllegalStateException(
          "Cannot create a two-level cache with an asynchronous-only loader: " + loader);
    }
    open.add(cache);
    return cache;
  }

  /**
   * Refuses: there is no asynchronous two-level cache yet.
   *
   * @throws IllegalStateException always
   */
  @Override
  protected AsyncCache<Object, Object> createAsyncNativeCache(String name) {
    throw new IllegalStateException(
        "Cache '"
            + name
            + "': two-level caches have no asynchronous"
            + " form yet; larder.cache.async (setAsyncCacheMode(true)) cannot be combined with"
            + " larder.cache.redis.enabled");
  }

  /** Adapts a two-level cache, whose {@code evictIfPresent} asks both levels. */
  @Override
  protected LarderCache adaptCache(String name, io.larder.cache.Cache<Object, Object> cache) {
    return new TwoLevelSpringCache(name, cache, isAllowNullValues(), this::getWriteFailure);
  }

  /** Closes every two-level cache the manager built: their connections and client threads. */
  @Override
  public void destroy() {
    List<RuntimeException> failures = new ArrayList<>();
    for (TwoLevelCache<Object, Object> cache : List.copyOf(open)) {
      try {
        close(cache);
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  private void closeIfTwoLevel(LarderCache cache) {
    if (cache.getNativeCache() instanceof TwoLevelCache<Object, Object> twoLevel
        && open.contains(twoLevel)) {
      close(twoLevel);
    }
  }

  private void close(TwoLevelCache<Object, Object> cache) {
    open.remove(cache);
    cache.close();
  }

  /**
   * A Spring cache on a two-level cache, whose L1 map view is read-only and whose writes report a
   * Redis failure as the manager's {@link WriteFailure} says.
   */
  private static final class TwoLevelSpringCache extends LarderCache {
    private static final System.Logger LOG = System.getLogger(TwoLevelCacheManager.class.getName());

    private final Supplier<WriteFailure> writeFailure;

    /** Whether this outage's first failed write was logged; a successful write resets it. */
    private final AtomicBoolean warned = new AtomicBoolean();

    TwoLevelSpringCache(
        String name,
        io.larder.cache.Cache<Object, Object> cache,
        boolean allowNullValues,
        Supplier<WriteFailure> writeFailure) {
      super(name, cache, allowNullValues);
      this.writeFailure = writeFailure;
    }

    @Override
    public void put(Object key, @Nullable Object value) {
      write(() -> super.put(key, value));
    }

    @Override
    public void evict(Object key) {
      write(() -> super.evict(key));
    }

    /** Evicts from both levels and every instance's L1; tells whether either level had it. */
    @Override
    public boolean evictIfPresent(Object key) {
      @Nullable Object present = getNativeCache().getIfPresent(key);
      write(() -> getNativeCache().invalidate(key));
      return present != null;
    }

    @Override
    public void clear() {
      write(super::clear);
    }

    @Override
    public boolean invalidate() {
      boolean[] notEmpty = new boolean[1];
      write(() -> notEmpty[0] = super.invalidate());
      return notEmpty[0];
    }

    private void write(Runnable write) {
      try {
        write.run();
      } catch (L2WriteException e) {
        if (writeFailure.get() == WriteFailure.THROW) {
          throw e;
        }
        // Already counted in the cache's L2 errors, and the key marked for repair.
        if (warned.compareAndSet(false, true)) {
          LOG.log(
              System.Logger.Level.WARNING,
              "Cache '"
                  + getName()
                  + "': Redis could not be written; the write is repaired when the link"
                  + " returns, and further failures are not logged until a write succeeds"
                  + " (larder.cache.redis.write-failure=throw makes them reach the caller)",
              e);
        }
        return;
      }
      warned.set(false);
    }
  }
}
