package io.larder.spring;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncCacheLoader;
import io.larder.cache.CacheLoader;
import io.larder.cache.Caffeine;
import io.larder.cache.CaffeineSpec;
import io.larder.cache.MemoryBudget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A Spring {@link CacheManager} of {@link LarderCache}s, with what Spring's {@code
 * CaffeineCacheManager} offers (static or dynamic cache names, {@code null} values allowed or not,
 * a cache loader, an asynchronous mode for {@code CompletableFuture}, {@code Mono} and {@code Flux}
 * results, custom caches) and three additions that keep an application's caches bounded:
 *
 * <ul>
 *   <li><b>A shared memory budget.</b> Every cache the manager builds from a specification counts
 *       against one {@link MemoryBudget} (by default 10% of the maximum heap), including one that
 *       sets its own {@code maximumMemory} (it is then held to both), so a cache whose
 *       specification sets no bound at all is still bounded. The exceptions: a cache whose
 *       specification bounds it by entries or weight ({@code maximumSize}, {@code maximumWeight})
 *       keeps that bound only, because Larder cannot yet hold one cache to an entry count and a
 *       byte budget together; caches built from a {@link #setCaffeine(Caffeine) builder} and {@link
 *       #registerCustomCache(String, io.larder.cache.Cache) custom caches}, which are used as
 *       given. docs/spring-boot.md, "The budget rule", says the same.
 *   <li><b>Per-cache specifications</b> in Caffeine's grammar plus {@code maximumMemory}, see
 *       {@link #setCacheSpecification(String, String)}.
 *   <li><b>A cap on caches created on demand</b> ({@link #setMaxDynamicCaches(int)}, 100 by
 *       default), so that cache names built from request data cannot grow the manager without end.
 * </ul>
 *
 * <p>Configure it before use, as Spring's managers: changing a setting rebuilds the caches that the
 * manager built (not the custom ones), discarding their entries.
 */
public class LarderCacheManager implements CacheManager {
  /** The default shared budget: this fraction of the maximum heap. */
  public static final double DEFAULT_HEAP_FRACTION = 0.10;

  /** The default cap on caches created on demand. */
  public static final int DEFAULT_MAX_DYNAMIC_CACHES = 100;

  private final ConcurrentMap<String, LarderCache> cacheMap = new ConcurrentHashMap<>(16);
  private final Set<String> customCacheNames = ConcurrentHashMap.newKeySet();
  private final Set<String> dynamicCacheNames = ConcurrentHashMap.newKeySet();
  private final Map<String, CacheSpecification> perCacheSpecs = new ConcurrentHashMap<>();
  private final List<Consumer<? super LarderCache>> creationListeners =
      new CopyOnWriteArrayList<>();
  private final List<Consumer<? super LarderCache>> removalListeners = new CopyOnWriteArrayList<>();

  private @Nullable CacheSpecification defaultSpec;
  private @Nullable Caffeine<Object, Object> cacheBuilder;
  private @Nullable AsyncCacheLoader<Object, Object> cacheLoader;
  private @Nullable MemoryBudget memoryBudget;
  private boolean asyncCacheMode;
  private boolean allowNullValues = true;
  private boolean recordStats = true;
  private volatile boolean dynamic = true;
  private volatile int maxDynamicCaches = DEFAULT_MAX_DYNAMIC_CACHES;

  /** Creates a manager that creates caches on demand. */
  public LarderCacheManager() {}

  /** Creates a manager of exactly the named caches. */
  public LarderCacheManager(String... cacheNames) {
    setCacheNames(Arrays.asList(cacheNames));
  }

  /**
   * Creates the named caches and, as Spring's managers do, stops creating caches on demand; {@code
   * null} creates caches on demand again. Use {@link #setDynamic(boolean)} afterwards to have both.
   */
  public void setCacheNames(@Nullable Collection<String> cacheNames) {
    if (cacheNames == null) {
      dynamic = true;
      return;
    }
    for (String name : cacheNames) {
      LarderCache created = createLarderCache(name);
      LarderCache previous = cacheMap.put(name, created);
      dynamicCacheNames.remove(name);
      notifyRemoved(previous);
      notifyCreated(created);
    }
    dynamic = false;
  }

  /** Sets whether a cache is created for a name the manager does not know (default true). */
  public void setDynamic(boolean dynamic) {
    this.dynamic = dynamic;
  }

  /** Returns whether a cache is created for a name the manager does not know. */
  public boolean isDynamic() {
    return dynamic;
  }

  /**
   * Sets how many caches the manager may create on demand, for names it was not given (default
   * {@value #DEFAULT_MAX_DYNAMIC_CACHES}). Asking for one more fails with an error that names it.
   *
   * @throws IllegalArgumentException if {@code maxDynamicCaches} is negative
   */
  public void setMaxDynamicCaches(int maxDynamicCaches) {
    if (maxDynamicCaches < 0) {
      throw new IllegalArgumentException(
          "maxDynamicCaches must not be negative but was " + maxDynamicCaches);
    }
    this.maxDynamicCaches = maxDynamicCaches;
  }

  /** Returns how many caches the manager may create on demand. */
  public int getMaxDynamicCaches() {
    return maxDynamicCaches;
  }

  /**
   * Sets the specification of every cache without one of its own, in Caffeine's grammar plus
   * Larder's {@code maximumMemory} (for example {@code "maximumSize=10000,expireAfterWrite=10m"}).
   *
   * @throws IllegalArgumentException if the specification is invalid
   */
  public void setCacheSpecification(String specification) {
    setDefaultSpec(CacheSpecification.parse(specification));
  }

  /** Sets the specification of every cache without one of its own. */
  public void setCaffeineSpec(CaffeineSpec spec) {
    setDefaultSpec(CacheSpecification.of(spec));
  }

  /**
   * Sets the builder of every cache without a specification of its own, used as given: Larder
   * neither names the caches it builds nor adds them to the shared budget, so give the builder a
   * bound of its own. Prefer a specification, which keeps both.
   */
  public void setCaffeine(Caffeine<Object, Object> caffeine) {
    cacheBuilder = Objects.requireNonNull(caffeine, "caffeine");
    defaultSpec = null;
    refreshCommonCaches();
  }

  private void setDefaultSpec(CacheSpecification spec) {
    if (!spec.equals(defaultSpec) || cacheBuilder != null) {
      defaultSpec = spec;
      cacheBuilder = null;
      refreshCommonCaches();
    }
  }

  /**
   * Sets the specification of the cache named {@code name}, which replaces the common one for that
   * cache. <b>A Larder addition.</b>
   *
   * @throws IllegalArgumentException if the specification is invalid
   */
  public void setCacheSpecification(String name, String specification) {
    Objects.requireNonNull(name, "name");
    perCacheSpecs.put(name, CacheSpecification.parse(specification));
    LarderCache existing = cacheMap.get(name);
    if (existing != null && !customCacheNames.contains(name)) {
      replace(name);
    }
  }

  /** Returns the per-cache specifications given, by cache name. */
  public Map<String, String> getCacheSpecifications() {
    Map<String, String> specs = new LinkedHashMap<>();
    perCacheSpecs.forEach((name, spec) -> specs.put(name, spec.toString()));
    return Collections.unmodifiableMap(specs);
  }

  /**
   * Sets the memory budget shared by every cache the manager builds from a specification, except
   * those bounded by {@code maximumSize} or {@code maximumWeight} (see the class description); by
   * default {@value #DEFAULT_HEAP_FRACTION} of the maximum heap. <b>A Larder addition.</b>
   */
  public void setMemoryBudget(MemoryBudget memoryBudget) {
    this.memoryBudget = Objects.requireNonNull(memoryBudget, "memoryBudget");
    refreshCommonCaches();
  }

  /** Returns the memory budget shared by the caches the manager builds. */
  public synchronized MemoryBudget getMemoryBudget() {
    if (memoryBudget == null) {
      memoryBudget = MemoryBudget.ofHeapFraction(DEFAULT_HEAP_FRACTION);
    }
    return memoryBudget;
  }

  /** Sets whether the caches record statistics, which their metrics report (default true). */
  public void setRecordStats(boolean recordStats) {
    if (this.recordStats != recordStats) {
      this.recordStats = recordStats;
      refreshCommonCaches();
    }
  }

  /** Sets the loader of the caches the manager builds, making them loading caches. */
  public void setCacheLoader(CacheLoader<Object, Object> cacheLoader) {
    if (!Objects.equals(this.cacheLoader, cacheLoader)) {
      this.cacheLoader = cacheLoader;
      refreshCommonCaches();
    }
  }

  /** Sets the asynchronous loader of the caches the manager builds, and the asynchronous mode. */
  public void setAsyncCacheLoader(AsyncCacheLoader<Object, Object> cacheLoader) {
    if (!Objects.equals(this.cacheLoader, cacheLoader)) {
      this.cacheLoader = cacheLoader;
      this.asyncCacheMode = true;
      refreshCommonCaches();
    }
  }

  /**
   * Sets whether the manager builds {@link AsyncCache}s, which {@code @Cacheable} methods that
   * return {@code CompletableFuture}, {@code Mono} or {@code Flux} need (default false).
   */
  public void setAsyncCacheMode(boolean asyncCacheMode) {
    if (this.asyncCacheMode != asyncCacheMode) {
      this.asyncCacheMode = asyncCacheMode;
      refreshCommonCaches();
    }
  }

  /** Sets whether the caches accept {@code null} values, stored as a marker (default true). */
  public void setAllowNullValues(boolean allowNullValues) {
    if (this.allowNullValues != allowNullValues) {
      this.allowNullValues = allowNullValues;
      refreshCommonCaches();
    }
  }

  /**
   * Returns the loader the manager's caches load with ({@link #setCacheLoader} or {@link
   * #setAsyncCacheLoader}), if any; for subclasses that build the native caches themselves.
   */
  protected @Nullable AsyncCacheLoader<Object, Object> getCacheLoader() {
    return cacheLoader;
  }

  /** Returns whether the caches accept {@code null} values. */
  public boolean isAllowNullValues() {
    return allowNullValues;
  }

  /**
   * Calls {@code listener} with each cache the manager builds from now on, including those created
   * on demand and those rebuilt after a setting changed. <b>A Larder addition</b>, which metrics
   * use to bind caches created after start-up.
   */
  public void addCacheCreationListener(Consumer<? super LarderCache> listener) {
    creationListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Calls {@code listener} with each cache that leaves the manager from now on: one removed ({@link
   * #removeCache(String)}), one created on demand that {@link #resetCaches()} drops, and one that a
   * rebuilt cache of the same name replaces (the listener hears of the old cache before the
   * creation listeners hear of the new one). <b>A Larder addition</b>, which metrics use to remove
   * the meters of caches that are gone.
   */
  public void addCacheRemovalListener(Consumer<? super LarderCache> listener) {
    removalListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public @Nullable Cache getCache(String name) {
    LarderCache cache = cacheMap.get(name);
    if (cache != null || !dynamic) {
      return cache;
    }
    LarderCache created;
    synchronized (cacheMap) {
      cache = cacheMap.get(name);
      if (cache != null) {
        return cache;
      }
      boolean declared = perCacheSpecs.containsKey(name);
      if (!declared && dynamicCacheNames.size() >= maxDynamicCaches) {
        throw new IllegalStateException(
            String.format(
                "Cannot create cache '%s' on demand: this LarderCacheManager already created %d caches "
                    + "on demand, its maximum (larder.cache.max-caches). Cache names built from "
                    + "request data are a leak; declare the caches (spring.cache.cache-names) or "
                    + "raise the maximum.",
                name, dynamicCacheNames.size()));
      }
      created = createLarderCache(name);
      cacheMap.put(name, created);
      if (!declared) {
        dynamicCacheNames.add(name);
      }
    }
    notifyCreated(created);
    return created;
  }

  @Override
  public Collection<String> getCacheNames() {
    return Collections.unmodifiableSet(cacheMap.keySet());
  }

  /** Returns the caches of this manager, custom ones included. */
  public Collection<LarderCache> getCaches() {
    return Collections.unmodifiableCollection(new ArrayList<>(cacheMap.values()));
  }

  /** Clears every cache and, when dynamic, removes the caches created on demand. */
  @Override
  public void resetCaches() {
    cacheMap.values().forEach(Cache::clear);
    if (dynamic) {
      for (String name : dynamicCacheNames) {
        notifyRemoved(cacheMap.remove(name));
      }
      dynamicCacheNames.clear();
    }
  }

  /** Removes the cache named {@code name}, custom or not. */
  public void removeCache(String name) {
    customCacheNames.remove(name);
    dynamicCacheNames.remove(name);
    notifyRemoved(cacheMap.remove(name));
  }

  /**
   * Registers a cache built elsewhere under {@code name}; the manager's settings do not apply to it
   * and it is not part of the shared budget.
   */
  public void registerCustomCache(String name, io.larder.cache.Cache<Object, Object> cache) {
    customCacheNames.add(name);
    dynamicCacheNames.remove(name);
    LarderCache adapted = adaptCache(name, cache);
    notifyRemoved(cacheMap.put(name, adapted));
    notifyCreated(adapted);
  }

  /** Registers an asynchronous cache built elsewhere under {@code name}. */
  public void registerCustomCache(String name, AsyncCache<Object, Object> cache) {
    customCacheNames.add(name);
    dynamicCacheNames.remove(name);
    LarderCache adapted = adaptCache(name, cache);
    notifyRemoved(cacheMap.put(name, adapted));
    notifyCreated(adapted);
  }

  /** Adapts a synchronous Larder cache; override to return a subclass. */
  protected LarderCache adaptCache(String name, io.larder.cache.Cache<Object, Object> cache) {
    return new LarderCache(name, cache, isAllowNullValues());
  }

  /** Adapts an asynchronous Larder cache; override to return a subclass. */
  protected LarderCache adaptCache(String name, AsyncCache<Object, Object> cache) {
    return new LarderCache(name, cache, isAllowNullValues());
  }

  /** Builds the Spring cache named {@code name} with the manager's settings. */
  protected LarderCache createLarderCache(String name) {
    return asyncCacheMode
        ? adaptCache(name, createAsyncNativeCache(name))
        : adaptCache(name, createNativeCache(name));
  }

  /** Builds the synchronous Larder cache named {@code name}. */
  protected io.larder.cache.Cache<Object, Object> createNativeCache(String name) {
    Caffeine<Object, Object> builder = newCacheBuilder(name);
    if (cacheLoader == null) {
      return builder.build();
    }
    if (cacheLoader instanceof CacheLoader<Object, Object> loader) {
      return builder.build(loader);
    }
    throw new IllegalStateException(
        "Cannot create a synchronous Larder cache with an asynchronous-only loader: "
            + cacheLoader);
  }

  /** Builds the asynchronous Larder cache named {@code name}. */
  protected AsyncCache<Object, Object> createAsyncNativeCache(String name) {
    Caffeine<Object, Object> builder = newCacheBuilder(name);
    return (cacheLoader == null) ? builder.buildAsync() : builder.buildAsync(cacheLoader);
  }

  /**
   * Returns a builder for the cache named {@code name}: its own specification, else the common one,
   * named after the cache, recording statistics, and sharing the manager's budget (held to both
   * when the specification sets {@code maximumMemory}) unless the specification bounds it by
   * entries or weight: Larder's builder cannot combine a byte budget with {@code maximumSize} or
   * {@code maximumWeight}, so such a cache keeps its own bound only.
   */
  protected Caffeine<Object, Object> newCacheBuilder(String name) {
    CacheSpecification spec = perCacheSpecs.get(name);
    if (spec == null && cacheBuilder != null) {
      return cacheBuilder;
    }
    if (spec == null) {
      spec = (defaultSpec == null) ? CacheSpecification.EMPTY : defaultSpec;
    }
    Caffeine<Object, Object> builder = spec.toBuilder().name(name);
    if (recordStats && !spec.recordsStats()) {
      builder.recordStats();
    }
    return spec.boundsEntries() ? builder : builder.memoryBudget(getMemoryBudget());
  }

  private void notifyRemoved(@Nullable LarderCache cache) {
    if (cache == null) {
      return;
    }
    for (Consumer<? super LarderCache> listener : removalListeners) {
      listener.accept(cache);
    }
  }

  private void notifyCreated(LarderCache cache) {
    for (Consumer<? super LarderCache> listener : creationListeners) {
      listener.accept(cache);
    }
  }

  private void refreshCommonCaches() {
    for (String name : new ArrayList<>(cacheMap.keySet())) {
      if (!customCacheNames.contains(name)) {
        replace(name);
      }
    }
  }

  private void replace(String name) {
    LarderCache cache = createLarderCache(name);
    notifyRemoved(cacheMap.put(name, cache));
    notifyCreated(cache);
  }
}
