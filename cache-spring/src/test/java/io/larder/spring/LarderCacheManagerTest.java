package io.larder.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.cache.AsyncCacheLoader;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.CacheInsight;
import io.larder.cache.CacheLoader;
import io.larder.cache.Caffeine;
import io.larder.cache.CaffeineSpec;
import io.larder.cache.LoadingCache;
import io.larder.cache.MemoryBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.cache.Cache;

class LarderCacheManagerTest {

  @Test
  void aCacheItBuildsIsBuiltAtTheManagerNotAtTheCodeThatFirstUsedIt() {
    // cache-core skips cache-jcache's and cache-redis's packages but not cache-spring's: a cache
    // built from properties or on first use of its name has no user frame that configured it
    LarderCacheManager manager = new LarderCacheManager();
    Cache cache = manager.getCache("sited");
    assertThat(cache).isNotNull();
    CacheInsight insight = CacheInsight.of(cache.getNativeCache()).orElseThrow();
    assertThat(insight.creationSite())
        .startsWith(LarderCacheManager.class.getName() + ".createNativeCache(");
  }

  @Test
  void createsCachesOnDemandByDefault() {
    LarderCacheManager manager = new LarderCacheManager();
    assertThat(manager.isDynamic()).isTrue();
    Cache first = manager.getCache("books");
    assertThat(first).isInstanceOf(LarderCache.class);
    assertThat(manager.getCache("books")).isSameAs(first);
    assertThat(manager.getCacheNames()).containsExactly("books");
  }

  @Test
  void staticNamesStopCreationOnDemand() {
    LarderCacheManager manager = new LarderCacheManager("books", "authors");
    assertThat(manager.isDynamic()).isFalse();
    assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("books", "authors");
    assertThat(manager.getCache("books")).isNotNull();
    assertThat(manager.getCache("other")).isNull();

    manager.setDynamic(true);
    assertThat(manager.getCache("other")).isNotNull();
  }

  @Test
  void nullNamesRestoreCreationOnDemand() {
    LarderCacheManager manager = new LarderCacheManager("books");
    manager.setCacheNames(null);
    assertThat(manager.getCache("other")).isNotNull();
  }

  @Test
  void capOnCachesCreatedOnDemandNamesTheCache() {
    LarderCacheManager manager = new LarderCacheManager();
    manager.setMaxDynamicCaches(2);
    manager.getCache("a");
    manager.getCache("b");
    assertThatThrownBy(() -> manager.getCache("user-42"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Cannot create cache 'user-42' on demand")
        .hasMessageContaining("already created 2 caches")
        .hasMessageContaining("larder.cache.max-caches");
    assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("a", "b");
    assertThat(manager.getCache("a")).isNotNull();
  }

  @Test
  void capDoesNotCountDeclaredOrCustomCaches() {
    LarderCacheManager manager = new LarderCacheManager();
    manager.setMaxDynamicCaches(1);
    manager.setCacheSpecification("declared", "maximumSize=10");
    manager.registerCustomCache("custom", Caffeine.newBuilder().build());
    assertThat(manager.getCache("declared")).isNotNull();
    assertThat(manager.getCache("one")).isNotNull();
    assertThatThrownBy(() -> manager.getCache("two")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void negativeCapIsRejected() {
    assertThatThrownBy(() -> new LarderCacheManager().setMaxDynamicCaches(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void resetCachesClearsAndForgetsCachesCreatedOnDemand() {
    LarderCacheManager manager = new LarderCacheManager();
    manager.setMaxDynamicCaches(1);
    manager.registerCustomCache("custom", Caffeine.newBuilder().build());
    Cache dynamic = manager.getCache("dynamic");
    dynamic.put("k", "v");
    manager.getCache("custom").put("k", "v");

    manager.resetCaches();

    assertThat(manager.getCacheNames()).containsExactly("custom");
    assertThat(manager.getCache("custom").get("k")).isNull();
    assertThat(dynamic.get("k")).isNull();
    assertThat(manager.getCache("another")).isNotNull(); // the cap counts afresh
  }

  @Test
  void resetCachesKeepsStaticCaches() {
    LarderCacheManager manager = new LarderCacheManager("books");
    manager.getCache("books").put("k", "v");
    manager.resetCaches();
    assertThat(manager.getCacheNames()).containsExactly("books");
    assertThat(manager.getCache("books").get("k")).isNull();
  }

  @Test
  void everyBuiltCacheWithoutItsOwnEntryBoundSharesTheManagersBudget() {
    LarderCacheManager manager = new LarderCacheManager();
    MemoryBudget budget = MemoryBudget.ofBytes(1 << 20);
    manager.setMemoryBudget(budget);
    manager.setCacheSpecification("sized", "maximumSize=10");
    manager.setCacheSpecification("ownMemory", "maximumMemory=64k");

    for (String name : List.of("unbounded", "sized", "ownMemory")) {
      CacheInsight insight = insight(manager.getCache(name));
      assertThat(insight.name()).isEqualTo(name);
      assertThat(insight.isBounded()).as(name).isTrue();
    }
    assertThat(insight(manager.getCache("unbounded")).maximumBytes()).hasValue(1 << 20);
    assertThat(insight(manager.getCache("ownMemory")).maximumBytes()).isPresent();
    // A maximumSize cache keeps its own bound: a byte budget needs byte weights.
    assertThat(insight(manager.getCache("sized")).maximumBytes()).isEmpty();
    assertThat(insight(manager.getCache("sized")).maximum()).hasValue(10);
    assertThat(manager.getMemoryBudget()).isSameAs(budget);
  }

  @Test
  void ownMaximumMemoryCacheIsHeldToBothItsBoundAndTheSharedBudget() {
    LarderCacheManager manager = new LarderCacheManager();
    MemoryBudget budget = MemoryBudget.ofBytes(1 << 20);
    manager.setMemoryBudget(budget);
    manager.setCacheSpecification("ownMemory", "maximumMemory=64k");
    manager.setCacheSpecification("sized", "maximumSize=100");
    LarderCache sized = (LarderCache) manager.getCache("sized");
    sized.put("k", new byte[4096]);
    sized.getNativeCache().cleanUp();
    assertThat(budget.estimatedBytes()).as("a maximumSize cache keeps its own bound only").isZero();

    LarderCache own = (LarderCache) manager.getCache("ownMemory");
    own.put("k", new byte[4096]);
    own.getNativeCache().cleanUp();
    assertThat(budget.estimatedBytes())
        .as("counted against the shared budget")
        .isGreaterThanOrEqualTo(4096);
    assertThat(insight(own).maximumBytes()).hasValue(64 * 1024);
  }

  @Test
  void tellsRemovalListenersOfReplacedRemovedAndResetCachesBeforeCreationListeners() {
    LarderCacheManager manager = new LarderCacheManager();
    List<String> events = new ArrayList<>();
    manager.addCacheRemovalListener(
        cache -> events.add("removed " + cache.getName() + "@" + System.identityHashCode(cache)));
    manager.addCacheCreationListener(
        cache -> events.add("created " + cache.getName() + "@" + System.identityHashCode(cache)));
    Cache books = manager.getCache("books");
    Cache temp = manager.getCache("temp");
    String booksId = "books@" + System.identityHashCode(books);
    String tempId = "temp@" + System.identityHashCode(temp);
    assertThat(events).containsExactly("created " + booksId, "created " + tempId);

    events.clear();
    manager.setCacheSpecification("books", "maximumSize=5");
    Cache rebuilt = manager.getCache("books");
    assertThat(rebuilt).isNotSameAs(books);
    assertThat(events)
        .containsExactly("removed " + booksId, "created books@" + System.identityHashCode(rebuilt));

    events.clear();
    manager.removeCache("temp");
    assertThat(events).containsExactly("removed " + tempId);

    events.clear();
    manager.resetCaches();
    assertThat(events).containsExactly("removed books@" + System.identityHashCode(rebuilt));
    assertThat(manager.getCacheNames()).isEmpty();

    events.clear();
    manager.removeCache("unknown");
    assertThat(events).isEmpty();
  }

  @Test
  void defaultBudgetIsTenPercentOfTheHeap() {
    long expected = (long) (Runtime.getRuntime().maxMemory() * 0.10);
    assertThat(new LarderCacheManager().getMemoryBudget().maximumBytes())
        .isBetween(expected - 1, expected + 1);
  }

  @Test
  void cachesRecordStatisticsUnlessTurnedOff() {
    LarderCacheManager manager = new LarderCacheManager();
    assertThat(nativeCache(manager.getCache("a")).policy().isRecordingStats()).isTrue();
    manager.setCacheSpecification("withStats", "recordStats");
    assertThat(nativeCache(manager.getCache("withStats")).policy().isRecordingStats()).isTrue();

    manager.setRecordStats(false);
    assertThat(nativeCache(manager.getCache("a")).policy().isRecordingStats()).isFalse();
  }

  @Test
  void commonSpecificationAppliesToEveryCacheWithoutItsOwn() {
    LarderCacheManager manager = new LarderCacheManager();
    manager.setCacheSpecification("maximumSize=5");
    manager.setCacheSpecification("big", "maximumSize=500");
    assertThat(insight(manager.getCache("small")).maximum()).hasValue(5);
    assertThat(insight(manager.getCache("big")).maximum()).hasValue(500);
    assertThat(manager.getCacheSpecifications()).containsEntry("big", "maximumSize=500");
  }

  @Test
  void caffeineSpecIsAccepted() {
    LarderCacheManager manager = new LarderCacheManager();
    manager.setCaffeineSpec(CaffeineSpec.parse("maximumSize=7"));
    assertThat(insight(manager.getCache("a")).maximum()).hasValue(7);
  }

  @Test
  void invalidSpecificationIsRejectedWithItsValue() {
    LarderCacheManager manager = new LarderCacheManager();
    assertThatThrownBy(() -> manager.setCacheSpecification("maximumSize=lots"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lots");
    assertThatThrownBy(() -> manager.setCacheSpecification("books", "bogus=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bogus");
  }

  @Test
  void changingSettingsRebuildsBuiltCachesButNotCustomOnes() {
    LarderCacheManager manager = new LarderCacheManager("books");
    io.larder.cache.Cache<Object, Object> custom = Caffeine.newBuilder().build();
    manager.registerCustomCache("custom", custom);
    Cache before = manager.getCache("books");

    manager.setCacheSpecification("maximumSize=3");

    assertThat(manager.getCache("books")).isNotSameAs(before);
    assertThat(insight(manager.getCache("books")).maximum()).hasValue(3);
    assertThat(manager.getCache("custom").getNativeCache()).isSameAs(custom);
  }

  @Test
  void perCacheSpecificationRebuildsThatCache() {
    LarderCacheManager manager = new LarderCacheManager("books", "authors");
    Cache authors = manager.getCache("authors");
    manager.setCacheSpecification("books", "maximumSize=9");
    assertThat(insight(manager.getCache("books")).maximum()).hasValue(9);
    assertThat(manager.getCache("authors")).isSameAs(authors);
  }

  @Test
  void allowNullValuesAppliesToBuiltAndCustomCaches() {
    LarderCacheManager manager = new LarderCacheManager("books");
    assertThat(manager.isAllowNullValues()).isTrue();
    manager.setAllowNullValues(false);
    manager.registerCustomCache("custom", Caffeine.newBuilder().build());
    assertThat(((LarderCache) manager.getCache("books")).isAllowNullValues()).isFalse();
    assertThat(((LarderCache) manager.getCache("custom")).isAllowNullValues()).isFalse();
    assertThatThrownBy(() -> manager.getCache("books").put("k", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cacheLoaderMakesLoadingCaches() {
    LarderCacheManager manager = new LarderCacheManager();
    CacheLoader<Object, Object> loader = key -> "loaded:" + key;
    manager.setCacheLoader(loader);
    Cache cache = manager.getCache("books");
    assertThat(cache.getNativeCache()).isInstanceOf(LoadingCache.class);
    assertThat(cache.get("1").get()).isEqualTo("loaded:1");
  }

  @Test
  void asyncModeBuildsAsyncCaches() {
    LarderCacheManager manager = new LarderCacheManager();
    manager.setAsyncCacheMode(true);
    LarderCache cache = (LarderCache) manager.getCache("books");
    assertThat(cache.isAsync()).isTrue();
    assertThat(cache.retrieve("k", () -> CompletableFuture.completedFuture("v")).join())
        .isEqualTo("v");
  }

  @Test
  void asyncLoaderTurnsOnAsyncMode() {
    LarderCacheManager manager = new LarderCacheManager();
    AsyncCacheLoader<Object, Object> loader =
        (key, executor) -> CompletableFuture.completedFuture("async:" + key);
    manager.setAsyncCacheLoader(loader);
    LarderCache cache = (LarderCache) manager.getCache("books");
    assertThat(cache.isAsync()).isTrue();
    assertThat(cache.getAsyncCache()).isInstanceOf(AsyncLoadingCache.class);
    assertThat(((AsyncLoadingCache<Object, Object>) cache.getAsyncCache()).get("1").join())
        .isEqualTo("async:1");
    assertThat(cache.retrieve("1").join())
        .isInstanceOfSatisfying(
            Cache.ValueWrapper.class, w -> assertThat(w.get()).isEqualTo("async:1"));
  }

  @Test
  void asyncOnlyLoaderCannotBuildSynchronousCaches() {
    LarderCacheManager manager = new LarderCacheManager();
    manager.setAsyncCacheLoader((key, executor) -> CompletableFuture.completedFuture(key));
    manager.setAsyncCacheMode(false);
    assertThatThrownBy(() -> manager.getCache("books"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("asynchronous-only loader");
  }

  @Test
  void customCachesAreAdaptedAndRemovable() {
    LarderCacheManager manager = new LarderCacheManager();
    io.larder.cache.Cache<Object, Object> sync = Caffeine.newBuilder().maximumSize(1).build();
    manager.registerCustomCache("sync", sync);
    manager.registerCustomCache("async", Caffeine.newBuilder().buildAsync());
    assertThat(manager.getCache("sync").getNativeCache()).isSameAs(sync);
    assertThat(((LarderCache) manager.getCache("async")).isAsync()).isTrue();

    manager.removeCache("sync");
    manager.setDynamic(false);
    assertThat(manager.getCache("sync")).isNull();
    assertThat(manager.getCaches()).extracting(Cache::getName).containsExactly("async");
  }

  @Test
  void setCaffeineUsesTheBuilderAsGiven() {
    LarderCacheManager manager = new LarderCacheManager();
    manager.setCaffeine(Caffeine.newBuilder().maximumSize(4));
    assertThat(insight(manager.getCache("a")).maximum()).hasValue(4);
    assertThat(insight(manager.getCache("b")).maximum()).hasValue(4);
    manager.setCacheSpecification("maximumSize=6");
    assertThat(insight(manager.getCache("a")).maximum()).hasValue(6);
  }

  @Test
  void creationListenersHearOfEveryBuiltCache() {
    LarderCacheManager manager = new LarderCacheManager("static");
    List<String> created = new ArrayList<>();
    manager.addCacheCreationListener(cache -> created.add(cache.getName()));

    manager.getCache("dynamic");
    manager.getCache("dynamic");
    manager.setDynamic(true);
    manager.getCache("later");
    manager.registerCustomCache("custom", Caffeine.newBuilder().build());
    manager.setCacheSpecification("static", "maximumSize=1");

    assertThat(created).containsExactly("later", "custom", "static");
  }

  private static CacheInsight insight(Cache cache) {
    return ((LarderCache) cache).getInsight().orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static io.larder.cache.Cache<Object, Object> nativeCache(Cache cache) {
    return (io.larder.cache.Cache<Object, Object>) cache.getNativeCache();
  }
}
