package io.larder.metrics;

import io.larder.cache.CacheInsight;
import java.util.OptionalLong;

/**
 * A stand-in for a Larder cache whose {@link CacheInsight} readings a test sets, to feed the memory
 * monitor synthetic histories.
 */
final class FakeInsightSource implements CacheInsight.InsightSource, CacheInsight {
  private final String name;
  private final OptionalLong maximumBytes;
  private final OptionalLong maximum;
  private final boolean bounded;
  private volatile long estimatedBytes;

  private FakeInsightSource(
      String name, OptionalLong maximumBytes, OptionalLong maximum, boolean bounded) {
    this.name = name;
    this.maximumBytes = maximumBytes;
    this.maximum = maximum;
    this.bounded = bounded;
  }

  static FakeInsightSource unbounded(String name) {
    return new FakeInsightSource(name, OptionalLong.empty(), OptionalLong.empty(), false);
  }

  static FakeInsightSource withBudget(String name, long maximumBytes) {
    return new FakeInsightSource(name, OptionalLong.of(maximumBytes), OptionalLong.empty(), true);
  }

  static FakeInsightSource withMaximum(String name, long maximum) {
    return new FakeInsightSource(name, OptionalLong.empty(), OptionalLong.of(maximum), true);
  }

  FakeInsightSource bytes(long bytes) {
    this.estimatedBytes = bytes;
    return this;
  }

  @Override
  public CacheInsight insight() {
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String creationSite() {
    return "FakeInsightSource.java";
  }

  @Override
  public long estimatedBytes() {
    return estimatedBytes;
  }

  @Override
  public OptionalLong maximumBytes() {
    return maximumBytes;
  }

  @Override
  public OptionalLong maximum() {
    return maximum;
  }

  @Override
  public boolean isBounded() {
    return bounded;
  }

  @Override
  public long loadsInFlight() {
    return 0;
  }

  @Override
  public long guardWarnings() {
    return 0;
  }
}
