package io.larder.metrics;

import io.larder.cache.MemoryBudget;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A Micrometer binder for a {@link MemoryBudget} that several caches share: {@code
 * larder.budget.estimated} (gauge, bytes: the estimated bytes of every cache counted against it)
 * and {@code larder.budget.max} (gauge, bytes: its maximum), with the caller's tags (Larder's
 * Spring support tags them {@code cache.manager}). Each cache under a shared budget reports the
 * whole budget as its {@code cache.memory.max}; compare these two instead, which add up the caches.
 *
 * <p>The budget is read through the supplier on each poll, so that a budget that its owner replaces
 * is followed. The gauges hold the supplier strongly: bind them for the lifetime of the budget's
 * owner, or remove them with it.
 */
public final class MemoryBudgetMetrics implements MeterBinder {
  private final Supplier<MemoryBudget> budget;
  private final List<Tag> tags;

  /**
   * Creates the binder.
   *
   * @param budget gives the budget to measure, on each poll
   * @param tags the tags of both gauges
   */
  public MemoryBudgetMetrics(Supplier<MemoryBudget> budget, Iterable<Tag> tags) {
    this.budget = Objects.requireNonNull(budget, "budget");
    List<Tag> copy = new ArrayList<>();
    tags.forEach(copy::add);
    this.tags = List.copyOf(copy);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("larder.budget.estimated", budget, b -> b.get().estimatedBytes())
        .tags(tags)
        .baseUnit(BaseUnits.BYTES)
        .description("The estimated bytes of the caches that share the memory budget")
        .strongReference(true)
        .register(registry);
    Gauge.builder("larder.budget.max", budget, b -> b.get().maximumBytes())
        .tags(tags)
        .baseUnit(BaseUnits.BYTES)
        .description("The maximum bytes of the memory budget that the caches share")
        .strongReference(true)
        .register(registry);
  }
}
