package io.larder.metrics;

/**
 * Receives the {@link MemoryMonitor}'s alerts. Called on the thread that took the sample; a
 * listener that throws is logged and does not stop the others.
 */
@FunctionalInterface
public interface MemoryAlertListener {

  /** Called when a condition starts to hold; it is not repeated while the condition persists. */
  void onAlert(MemoryAlert alert);

  /** Called with the alert that was raised when its condition no longer holds. */
  default void onResolved(MemoryAlert alert) {}
}
