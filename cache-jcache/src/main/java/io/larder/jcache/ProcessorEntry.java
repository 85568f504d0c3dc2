package io.larder.jcache;

import javax.cache.integration.CacheLoader;
import javax.cache.processor.MutableEntry;
import org.jspecify.annotations.Nullable;

/**
 * The entry an {@link javax.cache.processor.EntryProcessor} works on: it records what the processor
 * did (read, load, create, update or delete) so that the cache can apply the outcome, with its
 * writer call, events, statistics and expiry, in one atomic step afterwards.
 */
final class ProcessorEntry<K, V> implements MutableEntry<K, V> {
  /** What the processor did to the entry, as it will be applied. */
  enum Action {
    NONE,
    READ,
    LOADED,
    CREATED,
    UPDATED,
    DELETED
  }

  private final K key;
  private final boolean existed;
  private final @Nullable CacheLoader<K, V> loader;
  private @Nullable V value;
  private Action action = Action.NONE;

  ProcessorEntry(K key, @Nullable V value, @Nullable CacheLoader<K, V> loader) {
    this.key = key;
    this.value = value;
    this.existed = (value != null);
    this.loader = loader;
  }

  Action action() {
    return action;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public @Nullable V getValue() {
    if (action == Action.NONE) {
      if (value != null) {
        action = Action.READ;
      } else if (loader != null) {
        V loaded = ReadThrough.load(loader, key);
        if (loaded != null) {
          value = loaded;
          action = Action.LOADED;
        }
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return value != null;
  }

  @Override
  public void remove() {
    value = null;
    // Removing what this processor created or loaded undoes it; any other removal is a delete,
    // which the writer sees even when the entry did not exist.
    action = (action == Action.CREATED || action == Action.LOADED) ? Action.NONE : Action.DELETED;
  }

  @Override
  public void setValue(V value) {
    if (value == null) {
      throw new NullPointerException("an entry processor set a null value");
    }
    this.value = value;
    action = existed ? Action.UPDATED : Action.CREATED;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap a mutable entry to " + clazz.getName());
  }
}
