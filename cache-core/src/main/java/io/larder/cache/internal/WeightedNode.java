package io.larder.cache.internal;

/**
 * A node of a weight-bounded cache: a {@link SizedNode} with the weight of its current value
 * (written with the value, under the node's monitor) and the weight the policy accounts for
 * (written by maintenance, under the eviction lock). The two differ while an update is pending in
 * the write buffer.
 */
final class WeightedNode<K, V> extends SizedNode<K, V> {
  private int weight;
  private int policyWeight;

  WeightedNode(Object key, Object value, int weight) {
    super(key, value);
    this.weight = weight;
  }

  @Override
  int getWeight() {
    return weight;
  }

  @Override
  void setWeight(int weight) {
    this.weight = weight;
  }

  @Override
  int getPolicyWeight() {
    return policyWeight;
  }

  @Override
  void setPolicyWeight(int weight) {
    this.policyWeight = weight;
  }
}
