package io.larder.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.spring.LarderCacheManager;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Spring's caching annotations on the auto-configured manager: plain values, {@code sync = true},
 * and, in asynchronous mode, methods returning {@code CompletableFuture}, {@code Mono} and {@code
 * Flux}.
 */
class LarderCacheAnnotationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  LarderCacheAutoConfiguration.class, CacheAutoConfiguration.class))
          .withUserConfiguration(ServiceConfiguration.class);

  /** A service whose every method counts the calls that reached it. */
  static class Catalogue {
    private final AtomicInteger calls = new AtomicInteger();

    /** Returns the calls that reached the service (read through the proxy, not its field). */
    public int calls() {
      return calls.get();
    }

    @Cacheable("names")
    public String name(long id) {
      calls.incrementAndGet();
      return "name-" + id;
    }

    @Cacheable(cacheNames = "synced", sync = true)
    public String synced(long id) {
      calls.incrementAndGet();
      return "synced-" + id;
    }

    @Cacheable("absent")
    public String absent(long id) {
      calls.incrementAndGet();
      return null;
    }

    @CacheEvict("names")
    public void forget(long id) {}

    @Cacheable("futures")
    public CompletableFuture<String> future(long id) {
      calls.incrementAndGet();
      return CompletableFuture.completedFuture("future-" + id);
    }

    @Cacheable("monos")
    public Mono<String> mono(long id) {
      calls.incrementAndGet();
      return Mono.just("mono-" + id);
    }

    @Cacheable("fluxes")
    public Flux<String> flux(long id) {
      calls.incrementAndGet();
      return Flux.just("flux-" + id, "flux-" + (id + 1));
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class ServiceConfiguration {
    @Bean
    Catalogue catalogue() {
      return new Catalogue();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class AsyncModeConfiguration {
    @Bean
    CacheManagerCustomizer<LarderCacheManager> asyncMode() {
      return manager -> manager.setAsyncCacheMode(true);
    }
  }

  @Test
  void cachesValuesAndEvicts() {
    runner.run(
        context -> {
          Catalogue catalogue = context.getBean(Catalogue.class);
          assertThat(catalogue.name(1)).isEqualTo("name-1");
          assertThat(catalogue.name(1)).isEqualTo("name-1");
          assertThat(catalogue.calls()).isEqualTo(1);
          catalogue.forget(1);
          assertThat(catalogue.name(1)).isEqualTo("name-1");
          assertThat(catalogue.calls()).isEqualTo(2);
        });
  }

  @Test
  void cachesWithSynchronizedLoading() {
    runner.run(
        context -> {
          Catalogue catalogue = context.getBean(Catalogue.class);
          assertThat(catalogue.synced(1)).isEqualTo("synced-1");
          assertThat(catalogue.synced(1)).isEqualTo("synced-1");
          assertThat(catalogue.calls()).isEqualTo(1);
        });
  }

  @Test
  void cachesNullResults() {
    runner.run(
        context -> {
          Catalogue catalogue = context.getBean(Catalogue.class);
          assertThat(catalogue.absent(1)).isNull();
          assertThat(catalogue.absent(1)).isNull();
          assertThat(catalogue.calls()).isEqualTo(1);
        });
  }

  @Test
  void cachesCompletableFutureMonoAndFluxResultsInAsyncMode() {
    runner
        .withUserConfiguration(AsyncModeConfiguration.class)
        .run(
            context -> {
              Catalogue catalogue = context.getBean(Catalogue.class);
              assertThat(catalogue.future(1).join()).isEqualTo("future-1");
              assertThat(catalogue.future(1).join()).isEqualTo("future-1");
              assertThat(catalogue.mono(2).block()).isEqualTo("mono-2");
              assertThat(catalogue.mono(2).block()).isEqualTo("mono-2");
              assertThat(catalogue.flux(3).collectList().block())
                  .isEqualTo(List.of("flux-3", "flux-4"));
              assertThat(catalogue.flux(3).collectList().block())
                  .isEqualTo(List.of("flux-3", "flux-4"));
              assertThat(catalogue.calls()).isEqualTo(3);
            });
  }
}
