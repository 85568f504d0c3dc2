/**
 * Micrometer meters for Larder caches ({@link io.larder.metrics.LarderCacheMetrics}), a memory
 * monitor that raises alerts ({@link io.larder.metrics.MemoryMonitor}), and, as resources of this
 * package, a Grafana dashboard ({@code grafana-dashboard.json}) and Prometheus alert rules ({@code
 * prometheus-alerts.yml}).
 */
@NullMarked
package io.larder.metrics;

import org.jspecify.annotations.NullMarked;
