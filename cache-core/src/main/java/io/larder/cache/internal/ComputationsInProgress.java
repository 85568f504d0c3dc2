package io.larder.cache.internal;

/**
 * A storage that counts the mapping and remapping functions running inside it right now (loads by
 * {@code get(key, function)}, {@code compute}, {@code merge}), for {@link LocalInsight}.
 */
interface ComputationsInProgress {

  /** Returns how many computations are running, approximately. */
  long computationsInProgress();
}
