package io.larder.cache.compat;

import io.larder.cache.RemovalListener;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/** A library under comparison: Larder, or Caffeine 3.2.4 (the reference). */
enum Impl {
  LARDER {
    @Override
    TestBuilder builder(
        @Nullable Executor executor, @Nullable RemovalListener<Object, Object> listener) {
      return new LarderBuilder(io.larder.cache.Caffeine.newBuilder(), executor, listener);
    }

    @Override
    TestBuilder from(String spec) {
      return new LarderBuilder(io.larder.cache.Caffeine.from(spec), null, null);
    }
  },
  CAFFEINE {
    @Override
    TestBuilder builder(
        @Nullable Executor executor, @Nullable RemovalListener<Object, Object> listener) {
      return new CaffeineBuilder(
          com.github.benmanes.caffeine.cache.Caffeine.newBuilder(), executor, listener);
    }

    @Override
    TestBuilder from(String spec) {
      return new CaffeineBuilder(
          com.github.benmanes.caffeine.cache.Caffeine.from(spec), null, null);
    }
  };

  /**
   * Returns a new builder; the executor and listener, if given, are set at build time unless the
   * scenario set its own.
   */
  abstract TestBuilder builder(
      @Nullable Executor executor, @Nullable RemovalListener<Object, Object> listener);

  /** Returns {@code Caffeine.from(spec)} of the library. */
  abstract TestBuilder from(String spec);
}
