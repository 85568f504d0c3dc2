package io.larder.cache.testing;

import io.larder.cache.RemovalListener;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The two implementations a two-library scenario runs against: Larder, and Caffeine 3.2.4 (the
 * reference), presented through Larder's interfaces by {@link AdaptedCache}.
 *
 * <p>The one harness for both kinds of scenario. A scenario that compares what each builder call
 * does (validation, {@code null} arguments, {@code toString}) drives the library's builder call by
 * call through {@link #builder} ({@link TestBuilder}); a scenario that only needs a configured
 * cache states its settings once in a {@link ScenarioSettings}, which configures the same {@link
 * TestBuilder}.
 */
public enum Library {
  LARDER {
    @Override
    public TestBuilder builder(
        @Nullable Executor executor, @Nullable RemovalListener<Object, Object> listener) {
      return new LarderBuilder(io.larder.cache.Caffeine.newBuilder(), executor, listener);
    }

    @Override
    public TestBuilder from(String spec) {
      return new LarderBuilder(io.larder.cache.Caffeine.from(spec), null, null);
    }
  },
  CAFFEINE {
    @Override
    public TestBuilder builder(
        @Nullable Executor executor, @Nullable RemovalListener<Object, Object> listener) {
      return new CaffeineBuilder(
          com.github.benmanes.caffeine.cache.Caffeine.newBuilder(), executor, listener);
    }

    @Override
    public TestBuilder from(String spec) {
      return new CaffeineBuilder(
          com.github.benmanes.caffeine.cache.Caffeine.from(spec), null, null);
    }
  };

  /**
   * Returns a new builder; the executor and listener, if given, are set at build time unless the
   * scenario set its own.
   */
  public abstract TestBuilder builder(
      @Nullable Executor executor, @Nullable RemovalListener<Object, Object> listener);

  /** Returns {@code Caffeine.from(spec)} of the library. */
  public abstract TestBuilder from(String spec);
}
