package io.larder.cache;

import static java.util.Objects.requireNonNull;

/** Calculates the weights of cache entries; the total weight is bounded by the maximum weight. */
@FunctionalInterface
public interface Weigher<K, V> {

  /**
   * Returns the weight of a cache entry. There is no unit for weights; they are relative to each
   * other and to the maximum weight.
   */
  int weigh(K key, V value);

  /** Returns a weigher where an entry has a weight of {@code 1}. */
  static <K, V> Weigher<K, V> singletonWeigher() {
    @SuppressWarnings("unchecked")
    Weigher<K, V> self = (Weigher<K, V>) SingletonWeigher.INSTANCE;
    return self;
  }

  /**
   * Returns a weigher that rejects a negative weight with an {@link IllegalArgumentException}
   * naming the key and the weight.
   */
  static <K, V> Weigher<K, V> boundedWeigher(Weigher<K, V> delegate) {
    return new BoundedWeigher<>(delegate);
  }
}

/** The weigher that counts entries. */
enum SingletonWeigher implements Weigher<Object, Object> {
  INSTANCE;

  @Override
  public int weigh(Object key, Object value) {
    return 1;
  }
}

/** A weigher that validates its delegate's answer. */
final class BoundedWeigher<K, V> implements Weigher<K, V>, java.io.Serializable {
  private static final long serialVersionUID = 1;
  final Weigher<? super K, ? super V> delegate;

  BoundedWeigher(Weigher<? super K, ? super V> delegate) {
    this.delegate = requireNonNull(delegate, "weigher");
  }

  @Override
  public int weigh(K key, V value) {
    int weight = delegate.weigh(key, value);
    if (weight < 0) {
      throw new IllegalArgumentException(
          "weigher returned a negative weight " + weight + " for key " + key);
    }
    return weight;
  }
}
