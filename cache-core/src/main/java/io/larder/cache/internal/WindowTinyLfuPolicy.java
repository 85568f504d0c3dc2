package io.larder.cache.internal;

import io.larder.cache.RemovalCause;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The size- and weight-based eviction policy of a bounded cache: adaptive W-TinyLFU.
 *
 * <h2>Design</h2>
 *
 * <p>W-TinyLFU (Einziger, Friedman and Manes, "TinyLFU: A Highly Efficient Cache Admission Policy",
 * ACM Transactions on Storage 13(4), 2017, <a
 * href="https://doi.org/10.1145/3149371">doi:10.1145/3149371</a>) puts a small LRU <i>admission
 * window</i> in front of a large <i>main space</i> managed as a segmented LRU (a <i>probation</i>
 * segment for entries seen once in the main space and a <i>protected</i> segment, 80% of the main
 * space, for entries used again while on probation). New entries enter the window, so that bursts
 * of recency are absorbed. When the window overflows, its least recently used entries become
 * <i>candidates</i> for the main space; when the cache overflows, each candidate is compared with
 * the main space's <i>victim</i> (the least recently used entry of probation) by their estimated
 * popularity in a {@link FrequencySketch}, and the less popular one is evicted. Ties favour the
 * victim, which protects the main space from a scan of one-hit wonders.
 *
 * <p><b>Adaptation.</b> The window starts at 1% of the maximum and is resized at run time by a
 * {@link HillClimber} (Einziger, Eytan, Friedman and Manes, "Adaptive Software Cache Management",
 * Middleware 2018, <a
 * href="https://doi.org/10.1145/3274808.3274816">doi:10.1145/3274808.3274816</a>). Growing the
 * window takes capacity from the protected segment; shrinking it gives capacity back. Entries move
 * between segments lazily, a bounded number per maintenance cycle.
 *
 * <p><b>Admission.</b> The comparison of candidate and victim, with its two departures from
 * plain TinyLFU (a coin flip on narrow leads while admission chains run, and a rare random win
 * for a warm candidate against hash flooding), is {@link TinyLfuAdmission}'s. The orders in which
 * {@code Policy.Eviction}'s {@code coldest} and {@code hottest} views list the entries are
 * {@link EvictionOrder}'s.
 *
 * <p><b>Weights.</b> Sizes are sums of the entries' weights as the policy accounts for them
 * ({@link Node#getPolicyWeight()}). An entry of weight zero is never chosen by size; an entry
 * heavier than the maximum is evicted as soon as the policy sees it.
 *
 * <p>All methods except the {@code *Acquire} readers are guarded by the cache's eviction lock. The
 * cache supplies the {@link Evictor} that removes a chosen entry from the hash table.
 */
final class WindowTinyLfuPolicy<K, V> {
  /**
   * The share of the maximum given to the main space initially: a 1% window, the TinyLFU paper's
   * W-TinyLFU(1%) and Caffeine 3.2.4's {@code PERCENT_MAIN}.
   */
  static final double PERCENT_MAIN = 0.99d;

  /**
   * The share of the main space given to the protected segment: the segmented LRU split of the
   * TinyLFU paper, and Caffeine 3.2.4's {@code PERCENT_MAIN_PROTECTED}.
   */
  static final double PERCENT_MAIN_PROTECTED = 0.80d;

  /**
   * The most entries moved between segments per maintenance cycle when resizing, so that one
   * cycle's pause stays bounded (Caffeine 3.2.4's {@code QUEUE_TRANSFER_THRESHOLD}).
   */
  static final int QUEUE_TRANSFER_THRESHOLD = 1_000;

  /** The largest supported maximum, leaving room for an overflow by one heavy entry. */
  static final long MAXIMUM_CAPACITY = Long.MAX_VALUE - Integer.MAX_VALUE;

  private static final VarHandle MAXIMUM;
  private static final VarHandle WEIGHTED_SIZE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      MAXIMUM = lookup.findVarHandle(WindowTinyLfuPolicy.class, "maximum", long.class);
      WEIGHTED_SIZE = lookup.findVarHandle(WindowTinyLfuPolicy.class, "weightedSize", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Removes an entry chosen by the policy from the cache. */
  @FunctionalInterface
  interface Evictor<K, V> {
    /**
     * Removes the node from the hash table and the policy and notifies the listeners; returns
     * {@code false} if the entry could not be evicted (its weight became zero, say).
     */
    boolean evict(Node<K, V> node, RemovalCause cause);
  }

  /**
   * A bound beyond the policy's own maximum that the policy honours with the same eviction order: a
   * memory budget shared with other caches ({@code SharedBudgetMember}). It learns of every change
   * of the total weight, which makes it the one place where a removal of any cause (explicit,
   * replaced, evicted, expired, collected, cleared) is seen.
   */
  interface ExternalBound {
    /** Learns that the total weight changed by {@code difference} (guarded). */
    void onWeightChange(long difference);

    /** Returns whether entries must be evicted although the cache is within its maximum. */
    boolean isExceeded();

    /** Learns that an eviction pass ended with the bound still exceeded (guarded). */
    void onExceededAfterEviction();
  }

  final AccessOrderDeque<K, V> window = new AccessOrderDeque<>();
  final AccessOrderDeque<K, V> probation = new AccessOrderDeque<>();
  final AccessOrderDeque<K, V> protectedSegment = new AccessOrderDeque<>();
  final FrequencySketch sketch = new FrequencySketch();
  final TinyLfuAdmission admission = new TinyLfuAdmission(sketch);
  final HillClimber climber = new HillClimber();

  private final boolean weighted;
  private final boolean linksNodes;
  private final Evictor<K, V> evictor;
  private final LongSupplier entryCount;
  private @Nullable ExternalBound externalBound;
  private long maximumEntryWeight = Long.MAX_VALUE;

  @SuppressWarnings("unused") // read unlocked through MAXIMUM
  private long maximum = -1;

  @SuppressWarnings("unused") // read unlocked through WEIGHTED_SIZE
  private long weightedSize;

  private long windowMaximum;
  private long windowWeightedSize;
  private long protectedMaximum;
  private long protectedWeightedSize;
  private long adjustment;

  /**
   * Creates the policy for a cache of the maximum; {@code entryCount} tells the number of entries
   * (to size the sketch of a weighted cache) and {@code evictor} removes a chosen entry.
   */
  WindowTinyLfuPolicy(
      long maximum, boolean weighted, LongSupplier entryCount, Evictor<K, V> evictor) {
    this(maximum, weighted, /* linksNodes= */ true, entryCount, evictor);
  }

  /**
   * Creates the policy; {@code linksNodes} is false for a cache that neither evicts nor expires
   * after access, whose nodes have no access-order links: the policy then only counts them. A
   * cache without a size bound passes {@link #MAXIMUM_CAPACITY}, so that it never evicts and its
   * window (all of it) is the access order of expiration after access.
   */
  WindowTinyLfuPolicy(long maximum, boolean weighted, boolean linksNodes,
      LongSupplier entryCount, Evictor<K, V> evictor) {
    this.weighted = weighted;
    this.linksNodes = linksNodes;
    this.evictor = evictor;
    this.entryCount = entryCount;
    setMaximum(maximum);
  }

  /* --------------- Sizes --------------- */

  /** Returns whether entries are weighed rather than counted. */
  boolean isWeighted() {
    return weighted;
  }

  /** Returns the maximum (guarded). */
  long maximum() {
    return (long) MAXIMUM.getOpaque(this);
  }

  /** Returns the maximum, from any thread. */
  long maximumAcquire() {
    return (long) MAXIMUM.getAcquire(this);
  }

  /** Returns the total policy weight (guarded). */
  long weightedSize() {
    return (long) WEIGHTED_SIZE.getOpaque(this);
  }

  /** Returns the total policy weight, from any thread. */
  long weightedSizeAcquire() {
    return (long) WEIGHTED_SIZE.getAcquire(this);
  }

  private void setWeightedSize(long size) {
    ExternalBound bound = externalBound;
    if (bound != null) {
      bound.onWeightChange(size - weightedSize());
    }
    WEIGHTED_SIZE.setRelease(this, size);
  }

  /** Sets a bound beyond the maximum, before the cache is used (see {@link ExternalBound}). */
  void setExternalBound(ExternalBound bound) {
    this.externalBound = bound;
  }

  /** Returns the bound beyond the maximum, or {@code null} (for tests). */
  @Nullable ExternalBound externalBound() {
    return externalBound;
  }

  /**
   * Sets the largest weight one entry may have; a heavier entry is evicted at once with cause
   * {@code SIZE}, as one heavier than the maximum is. Set before the cache is used.
   */
  void setMaximumEntryWeight(long weight) {
    this.maximumEntryWeight = weight;
  }

  /** Returns the weight above which one entry is not kept: the maximum or the entry limit. */
  private long entryWeightLimit() {
    return Math.min(maximum(), maximumEntryWeight);
  }

  long windowMaximum() {
    return windowMaximum;
  }

  long windowWeightedSize() {
    return windowWeightedSize;
  }

  long protectedMaximum() {
    return protectedMaximum;
  }

  long protectedWeightedSize() {
    return protectedWeightedSize;
  }

  /**
   * Sets the maximum, resetting the segment split (1% window, 80% of the rest protected) and the
   * climb; the caller then runs maintenance to evict down to the new maximum.
   */
  void setMaximum(long newMaximum) {
    if (newMaximum < 0) {
      throw new IllegalArgumentException("maximum must not be negative but was " + newMaximum);
    } else if (newMaximum == maximum()) {
      return;
    }
    long max = Math.min(newMaximum, MAXIMUM_CAPACITY);
    long windowMax = max - (long) (PERCENT_MAIN * max);
    MAXIMUM.setRelease(this, max);
    windowMaximum = windowMax;
    protectedMaximum = (long) (PERCENT_MAIN_PROTECTED * (max - windowMax));
    climber.reset(max);
    if (!weighted && (weightedSize() >= (max >>> 1))) {
      sketch.ensureCapacity(max);
    }
  }

  /* --------------- Events --------------- */

  /**
   * Applies the addition of a node of the given weight: counts it, records the miss and the
   * key's use, and links it at the window's most recent end (least recent end when it is larger
   * than the window, so that it moves on at once), or evicts it if it exceeds the maximum.
   */
  void onAdd(Node<K, V> node, int weight) {
    long size = weightedSize() + weight;
    setWeightedSize(size);
    windowWeightedSize += weight;
    node.setPolicyWeight(node.getPolicyWeight() + weight);
    long max = maximum();
    if (size >= (max >>> 1)) {
      if (size > MAXIMUM_CAPACITY) {
        evictEntries();
      } else {
        // Sized lazily when the cache is half full: a weighted cache by its entry count so far.
        sketch.ensureCapacity(weighted ? entryCount.getAsLong() : max);
      }
    }
    Object key = node.getKeyReference();
    if (node.isAlive()) {
      sketch.increment(key);
    }
    climber.recordMiss();

    boolean alive;
    synchronized (node) {
      alive = node.isAlive();
    }
    if (alive && linksNodes) {
      if (weight > entryWeightLimit()) {
        evictor.evict(node, RemovalCause.SIZE);
      } else if (weight > windowMaximum) {
        window.offerFirst(node);
      } else {
        window.offerLast(node);
      }
    }
  }

  /**
   * Applies a change of a node's weight by {@code weightDifference} (and counts the write as a
   * use): the node is re-weighed in its segment, and evicted if it now exceeds the maximum.
   */
  void onUpdate(Node<K, V> node, int weightDifference) {
    int policyWeight = node.getPolicyWeight() + weightDifference;
    node.setPolicyWeight(policyWeight);
    long max = entryWeightLimit();
    byte queueType = node.getQueueType();
    if (queueType == Node.WINDOW) {
      windowWeightedSize += weightDifference;
      if (policyWeight > max) {
        evictor.evict(node, RemovalCause.SIZE);
      } else if (policyWeight <= windowMaximum) {
        onAccess(node);
      } else if (window.contains(node)) {
        window.moveToFront(node);
      }
    } else {
      if (queueType == Node.PROTECTED) {
        protectedWeightedSize += weightDifference;
      }
      if (policyWeight <= max) {
        onAccess(node);
      } else {
        evictor.evict(node, RemovalCause.SIZE);
      }
    }
    long size = weightedSize() + weightDifference;
    setWeightedSize(size);
    if (size > MAXIMUM_CAPACITY) {
      evictEntries();
    }
  }

  /** Applies a read of a node: counts the key's use and refreshes its recency in its segment. */
  void onAccess(Node<K, V> node) {
    if (!linksNodes || !node.isAlive()) {
      return;
    }
    sketch.increment(node.getKeyReference());
    byte queueType = node.getQueueType();
    if (queueType == Node.WINDOW) {
      reorder(window, node);
    } else if (queueType == Node.PROBATION) {
      promoteFromProbation(node);
    } else {
      reorder(protectedSegment, node);
    }
    climber.recordHit();
  }

  /** Moves a node used again while on probation to the protected segment. */
  private void promoteFromProbation(Node<K, V> node) {
    if (!probation.contains(node)) {
      return; // a stale read of an entry that is gone
    } else if (node.getPolicyWeight() > protectedMaximum) {
      reorder(probation, node);
      return;
    }
    // An overflow of the protected segment is demoted during the climb, at the end of the cycle.
    protectedWeightedSize += node.getPolicyWeight();
    probation.remove(node);
    protectedSegment.offerLast(node);
    node.setQueueType(Node.PROTECTED);
  }

  private static <K, V> void reorder(AccessOrderDeque<K, V> deque, Node<K, V> node) {
    // A read may be replayed after the entry's removal; an unlinked node needs nothing.
    if (deque.contains(node)) {
      deque.moveToBack(node);
    }
  }

  /** Unlinks a node from its segment (removal or eviction); sizes change in {@link #makeDead}. */
  void unlink(Node<K, V> node) {
    if (!linksNodes) {
      return;
    }
    byte queueType = node.getQueueType();
    if (queueType == Node.WINDOW) {
      window.remove(node);
    } else if (queueType == Node.PROBATION) {
      probation.remove(node);
    } else {
      protectedSegment.remove(node);
    }
  }

  /**
   * Takes an unlinked node's weight off the totals and marks it dead. The weight is the node's own
   * (its last write's), not the policy's: a pending update for the node will still add its
   * difference, so the totals end up right.
   */
  @SuppressWarnings("SynchronizationOnLocalVariableOrMethodParameter")
  void makeDead(Node<K, V> node) {
    synchronized (node) {
      if (node.isDead()) {
        return;
      }
      int weight = node.getWeight();
      byte queueType = node.getQueueType();
      if (queueType == Node.WINDOW) {
        windowWeightedSize -= weight;
      } else if (queueType == Node.PROTECTED) {
        protectedWeightedSize -= weight;
      }
      setWeightedSize(weightedSize() - weight);
      node.die();
    }
  }

  /* --------------- Eviction --------------- */

  /** Evicts entries until the total weight is within the maximum. */
  void evictEntries() {
    Node<K, V> candidate = evictFromWindow();
    evictFromMain(candidate);
    ExternalBound bound = externalBound;
    if ((bound != null) && bound.isExceeded()) {
      bound.onExceededAfterEviction();
    }
  }

  /** Returns whether the total weight exceeds the maximum or the external bound is exceeded. */
  private boolean isOverBound() {
    if (weightedSize() > maximum()) {
      return true;
    }
    ExternalBound bound = externalBound;
    return (bound != null) && bound.isExceeded();
  }

  /**
   * Moves the window's least recently used entries to probation while the window is over its
   * maximum; returns the first one moved (the first candidate), or {@code null}.
   */
  private @Nullable Node<K, V> evictFromWindow() {
    Node<K, V> first = null;
    Node<K, V> node = window.peekFirst();
    while ((windowWeightedSize > windowMaximum) && (node != null)) {
      Node<K, V> next = node.getNextInAccessOrder();
      int weight = node.getPolicyWeight();
      if (weight != 0) {
        node.setQueueType(Node.PROBATION);
        window.remove(node);
        probation.offerLast(node);
        if (first == null) {
          first = node;
        }
        windowWeightedSize -= weight;
      }
      node = next;
    }
    return first;
  }

  /**
   * Evicts from the main space while the cache is over its maximum. Candidates are taken in the
   * order they left the window (then from the window itself), victims from probation's least
   * recent end (then protected's, then the window's); of each pair the less popular is evicted.
   */
  private void evictFromMain(@Nullable Node<K, V> firstCandidate) {
    Node<K, V> candidate = firstCandidate;
    Node<K, V> victim = probation.peekFirst();
    byte candidateQueue = Node.PROBATION;
    byte victimQueue = Node.PROBATION;
    while (isOverBound()) {
      if ((candidate == null) && (candidateQueue == Node.PROBATION)) {
        candidate = window.peekFirst();
        candidateQueue = Node.WINDOW;
      }
      if ((candidate == null) && (victim == null)) {
        if (victimQueue == Node.PROBATION) {
          victim = protectedSegment.peekFirst();
          victimQueue = Node.PROTECTED;
          continue;
        } else if (victimQueue == Node.PROTECTED) {
          victim = window.peekFirst();
          victimQueue = Node.WINDOW;
          continue;
        }
        break; // pending writes will bring the totals back in line
      }

      // Zero-weight entries are never evicted by size.
      if ((victim != null) && (victim.getPolicyWeight() == 0)) {
        victim = victim.getNextInAccessOrder();
        continue;
      } else if ((candidate != null) && (candidate.getPolicyWeight() == 0)) {
        candidate = candidate.getNextInAccessOrder();
        continue;
      }

      Node<K, V> evict;
      if (victim == null) {
        evict = requireNode(candidate);
        candidate = evict.getNextInAccessOrder();
      } else if (candidate == null) {
        evict = victim;
        victim = victim.getNextInAccessOrder();
      } else if (candidate == victim) {
        evict = victim;
        victim = victim.getNextInAccessOrder();
        candidate = null;
      } else if (!victim.isAlive()) {
        evict = victim;
        victim = victim.getNextInAccessOrder();
      } else if (!candidate.isAlive() || (candidate.getPolicyWeight() > maximum())) {
        evict = candidate;
        candidate = candidate.getNextInAccessOrder();
      } else if (admission.admit(candidate.getKeyReference(), victim.getKeyReference())) {
        evict = victim;
        victim = victim.getNextInAccessOrder();
        candidate = candidate.getNextInAccessOrder();
      } else {
        evict = candidate;
        candidate = candidate.getNextInAccessOrder();
      }
      evictor.evict(evict, RemovalCause.SIZE);
    }
  }

  private static <K, V> Node<K, V> requireNode(@Nullable Node<K, V> node) {
    if (node == null) {
      throw new IllegalStateException("no candidate nor victim");
    }
    return node;
  }

  /* --------------- Adaptation --------------- */

  /** Adapts the window's size to the observed hit rate (the climb), at the end of a cycle. */
  void climb() {
    if (sketch.isNotInitialized()) {
      climber.clearSample();
      admission.clearSample();
    } else if (climber.hasCompleteSample(sketch.sampleSize())) {
      admission.endSample(climber.sampleCount());
      adjustment = climber.nextAdjustment(maximum());
    }
    demoteFromProtected();
    if (adjustment > 0) {
      increaseWindow();
    } else if (adjustment < 0) {
      decreaseWindow();
    }
  }

  /** Returns the part of the last adjustment still to be applied (positive grows the window). */
  long pendingAdjustment() {
    return adjustment;
  }

  /**
   * Grows the window by taking capacity from the protected segment, moving entries from the main
   * space's least recent ends into the window; what could not be moved is retried next cycle.
   */
  private void increaseWindow() {
    if (protectedMaximum == 0) {
      return;
    }
    long quota = Math.min(adjustment, protectedMaximum);
    protectedMaximum -= quota;
    windowMaximum += quota;
    demoteFromProtected();

    for (int i = 0; i < QUEUE_TRANSFER_THRESHOLD; i++) {
      Node<K, V> candidate = probation.peekFirst();
      boolean fromProbation = true;
      if ((candidate == null) || (quota < candidate.getPolicyWeight())) {
        candidate = protectedSegment.peekFirst();
        fromProbation = false;
      }
      if ((candidate == null) || (quota < candidate.getPolicyWeight())) {
        break;
      }
      int weight = candidate.getPolicyWeight();
      quota -= weight;
      if (fromProbation) {
        probation.remove(candidate);
      } else {
        protectedWeightedSize -= weight;
        protectedSegment.remove(candidate);
      }
      windowWeightedSize += weight;
      window.offerLast(candidate);
      candidate.setQueueType(Node.WINDOW);
    }
    protectedMaximum += quota;
    windowMaximum -= quota;
    adjustment = quota;
  }

  /** Shrinks the window, giving its capacity to the protected segment. */
  private void decreaseWindow() {
    if (windowMaximum <= 1) {
      return;
    }
    long quota = Math.min(-adjustment, Math.max(0, windowMaximum - 1));
    protectedMaximum += quota;
    windowMaximum -= quota;

    for (int i = 0; i < QUEUE_TRANSFER_THRESHOLD; i++) {
      Node<K, V> candidate = window.peekFirst();
      if ((candidate == null) || (quota < candidate.getPolicyWeight())) {
        break;
      }
      int weight = candidate.getPolicyWeight();
      quota -= weight;
      windowWeightedSize -= weight;
      window.remove(candidate);
      probation.offerLast(candidate);
      candidate.setQueueType(Node.PROBATION);
    }
    protectedMaximum -= quota;
    windowMaximum += quota;
    adjustment = -quota;
  }

  /** Demotes protected entries to probation while the protected segment is over its maximum. */
  private void demoteFromProtected() {
    for (int i = 0; (i < QUEUE_TRANSFER_THRESHOLD) && (protectedWeightedSize > protectedMaximum);
        i++) {
      Node<K, V> demoted = protectedSegment.pollFirst();
      if (demoted == null) {
        break;
      }
      demoted.setQueueType(Node.PROBATION);
      probation.offerLast(demoted);
      protectedWeightedSize -= demoted.getPolicyWeight();
    }
  }
}
