package io.larder.cache.internal.memory;

import java.lang.reflect.Array;
import java.math.BigInteger;
import java.time.LocalTime;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An estimator of the retained size of cache keys and values: the bytes of the object graph
 * reachable from them, in the layout of the running JVM, without an agent and without {@code
 * --add-opens}.
 *
 * <h2>What is counted</h2>
 *
 * <p>Each distinct object reachable from the key and the value is counted once per estimate (an
 * identity set is kept for the estimate), so a sub-object shared within one entry, or between its
 * key and value, counts once. Objects shared by the whole JVM count as 0: enum constants, {@code
 * Class} objects, class loaders, threads, zones, charsets, locales, the JDK's cached boxes ({@code
 * Integer.valueOf(5)}, {@code Boolean.TRUE}, {@code Character} up to 127), whole-hour {@code
 * LocalTime}s, {@code BigInteger} constants from -16 to 16, {@code Optional.empty()} and the empty
 * immutable collections. Interned strings cannot be told apart from others and are counted.
 *
 * <p>Sizes come from {@link ObjectLayout}: instance sizes from declared fields laid out with
 * HotSpot's rules, array sizes from element type and length. To walk the graph, reference fields
 * are read through reflection where the class's package is open to this library (classes on the
 * class path, open modules). JDK classes are not open, so their internals are counted through their
 * public API instead: {@code String} (length and coder, by content and {@code
 * -XX:+CompactStrings}), boxes, {@code BigInteger}, {@code BigDecimal}, {@code StringBuilder},
 * {@code Optional}, {@code AtomicReference}, completed {@code CompletableFuture}s (their value),
 * {@code java.nio} buffers (the heap array they hold: {@code array().length}, or by {@code
 * capacity()} when the array is hidden; a direct buffer's memory is off the heap and not counted),
 * {@code BitSet} (its words by {@code size()}), {@code Proxy} instances (their invocation handler),
 * {@code java.time} values, {@code ArrayList}, {@code LinkedList}, {@code ArrayDeque}, {@code
 * CopyOnWriteArrayList}, {@code HashMap}, {@code LinkedHashMap}, {@code HashSet}, {@code
 * LinkedHashSet}, {@code TreeMap}, {@code TreeSet}, {@code ConcurrentHashMap}, {@code EnumSet},
 * {@code EnumMap}, {@code List.of}/{@code Set.of}/{@code Map.of}, {@code Arrays.asList} and the
 * {@code Collections} wrappers and singletons (see {@link JdkStructures} for the sizing rules).
 * Records that cannot be opened are read through their public component accessors. Other JDK
 * collections and maps are sized by a guess from their interfaces; other unreadable objects count
 * their shallow size only. This includes the views of {@code java.util} ({@code subList}, {@code
 * keySet()}, {@code values()}, {@code headMap}...): no public method returns the collection a view
 * retains, so a view counts as its own elements; when the application opens {@code java.util}
 * ({@code --add-opens java.base/java.util=ALL-UNNAMED}), their fields are read like any others and
 * a view counts the collection behind it.
 *
 * <h2>Bounded cost</h2>
 *
 * <ul>
 *   <li>The elements of arrays, collections and maps are measured one at a time, each with its
 *       subgraph. Containers of up to {@value #FULL_SCAN_LIMIT} elements are measured in full;
 *       larger ones are sampled: {@value #SAMPLE_SIZE} elements, evenly spaced over the indexes of
 *       arrays and random-access lists, or over the iteration order otherwise (the iterator steps
 *       over the others, so a linked list or a map costs one step per element but never counts a
 *       biased prefix; for maps, key and value together). Containers stop measuring elements once
 *       {@value #MAX_VISITED_OBJECTS} objects have been visited in the estimate; the elements not
 *       measured, because they were not sampled or because that budget ran out first, are counted
 *       as the mean of the measured ones with the largest left out (see {@link GraphWalker}).
 *   <li>Objects outside such containers (a hand-written linked list, a tree, lists nested thousands
 *       deep) have no elements to extrapolate from, so they are walked to their end, up to {@value
 *       #MAX_WALKED_OBJECTS} objects per estimate. Only past that (a graph of more than half a
 *       million objects that are not elements of a sampled container) is each pending object
 *       counted without being visited: its exact size if it refers to nothing, else the mean size
 *       of the objects visited so far, which undercounts whatever lies beyond it. Such a value is
 *       already estimated at 8 MB or more (half a million objects of at least 16 bytes); the heap
 *       safety net covers the rest.
 *   <li>Containers nested more than {@value #MAX_CONTAINER_DEPTH} deep push their elements for the
 *       enclosing walk instead of measuring them one by one, and count the samples of large ones
 *       without visiting them.
 * </ul>
 *
 * <p>So a {@code List<String>} of a million elements costs one list and 64 strings, a list of 200
 * records that each hold 200 more objects costs the first ten or so records, and a hand-written
 * linked list of 100,000 nodes costs 100,000 visits (about as many as building it).
 *
 * <p>A memory-bounded cache does not make its writer pay for such a walk: the writer calls {@link
 * #estimateWithin} with {@value #WRITER_WALK_LIMIT} objects, and a value that needs more is written
 * with the part counted so far (a lower bound) and then measured in full on the cache's executor,
 * which corrects the entry's weight (see {@code io.larder.cache.internal.DeferredWeights}).
 *
 * <h2>Cost per call</h2>
 *
 * <p>Per-class facts (layout, shape, readable fields) are computed once per class and memoized in a
 * {@link ClassValue}, never in a map keyed by {@code Class}: see {@link ClassFacts} and {@link
 * ObjectLayout} for why that matters for class-loader leaks. A key or value with nothing to follow
 * (a {@code String}, a box, a primitive array, an object with primitive fields only) is sized
 * without allocating; anything else allocates one small walker with its identity set.
 *
 * <p>Instances are immutable and thread-safe. An estimate never throws for a value that changes
 * while it is measured: what was counted until the failure stands.
 */
public final class SizeEstimator {
  /**
   * The number of objects visited in one estimate after which arrays, collections and maps stop
   * measuring elements and extrapolate the rest from those measured.
   */
  public static final int MAX_VISITED_OBJECTS = 4096;

  /**
   * The maximum number of objects visited in one estimate; pending objects past it are counted
   * without being visited.
   */
  public static final int MAX_WALKED_OBJECTS = 1 << 19;

  /**
   * The number of objects a memory-bounded cache's writer visits before it leaves the rest of the
   * measurement to the cache's executor (see {@link #estimateWithin}): twice the objects that
   * containers measure, so that a value whose bulk is arrays, collections or maps of small elements
   * is measured in full on the writer's thread, and a graph of more objects than this outside
   * containers (a long hand-written linked list, a deep tree, or a sampled element that is one) is
   * measured after the write.
   */
  public static final int WRITER_WALK_LIMIT = 2 * MAX_VISITED_OBJECTS;

  /** The largest array, collection or map that is walked element by element. */
  public static final int FULL_SCAN_LIMIT = 256;

  /** The number of elements measured in an array, collection or map larger than the limit. */
  public static final int SAMPLE_SIZE = 64;

  /**
   * How deep containers may nest and still have their elements measured one by one; deeper ones
   * push their elements for the enclosing walk, and count the samples of large ones unvisited.
   */
  public static final int MAX_CONTAINER_DEPTH = 32;

  private final ObjectLayout layout;
  private final boolean compactStrings;
  private final JdkStructures structures;
  private final long stringShallow;
  private final long byteArrayBase;
  private final long integerShallow;
  private final long longShallow;

  /** Per-class facts, encoded in JDK types only; see {@link ClassFacts}. */
  private final ClassValue<Object[]> facts =
      new ClassValue<>() {
        @Override
        protected Object[] computeValue(Class<?> type) {
          return ClassFacts.compute(type, layout);
        }
      };

  private SizeEstimator(ObjectLayout layout, boolean compactStrings) {
    this.layout = layout;
    this.compactStrings = compactStrings;
    this.structures = new JdkStructures(layout);
    this.stringShallow = layout.instanceSize(String.class);
    this.byteArrayBase = layout.arrayBaseOffset(byte.class);
    this.integerShallow = layout.instanceSize(Integer.class);
    this.longShallow = layout.instanceSize(Long.class);
  }

  /**
   * Returns the estimator for the running JVM's layout and string compaction.
   *
   * @return a shared estimator; the same instance on every call
   */
  public static SizeEstimator forCurrentJvm() {
    return Holder.INSTANCE;
  }

  /**
   * Returns an estimator for a given layout, for example to check figures for another JVM
   * configuration.
   *
   * <p>Class shapes still come from the running JDK's classes, so the result is what the running
   * JDK's objects would take in that layout.
   *
   * @param layout the object layout to size objects with
   * @param compactStrings whether strings of Latin-1 characters use one byte per character
   * @return a new estimator
   */
  public static SizeEstimator of(ObjectLayout layout, boolean compactStrings) {
    return new SizeEstimator(layout, compactStrings);
  }

  /**
   * Returns the object layout this estimator sizes objects with.
   *
   * @return the layout
   */
  public ObjectLayout layout() {
    return layout;
  }

  /**
   * Returns whether this estimator sizes Latin-1 strings at one byte per character.
   *
   * @return true if compact strings are assumed
   */
  public boolean compactStrings() {
    return compactStrings;
  }

  /**
   * Estimates the retained size of one object graph.
   *
   * @param o the root, or null
   * @return the estimated bytes; 0 for null or a shared object
   */
  public long estimate(@Nullable Object o) {
    if (o == null) {
      return 0;
    }
    long quick = quickSize(o);
    return quick >= 0 ? quick : new GraphWalker(this, MAX_WALKED_OBJECTS).walk(o, null).bytes();
  }

  /**
   * Estimates the retained size of a cache entry's key and value together: objects reachable from
   * both are counted once. The cache's own per-entry structures are not included; add {@link
   * ObjectLayout#instanceSize(Class)} of its node class.
   *
   * @param key the key, or null
   * @param value the value, or null
   * @return the estimated bytes of both graphs
   */
  public long estimate(@Nullable Object key, @Nullable Object value) {
    long bytes = estimateWithin(key, value, MAX_WALKED_OBJECTS);
    // Past the limit, the pending objects were counted at the mean size of those visited.
    return bytes >= 0 ? bytes : ~bytes;
  }

  /**
   * Estimates the retained size of a cache entry's key and value together, as {@link
   * #estimate(Object, Object)} does, visiting at most {@code walkLimit} objects.
   *
   * <p>If the walk reaches the limit with objects still pending (a graph of more objects than the
   * limit outside arrays, collections and maps, whose elements are sampled), those are counted
   * without being visited and what lies beyond them is not counted: the figure is then a lower
   * bound, and is returned as its bitwise complement ({@code ~bytes}, a negative number) so that
   * the caller can tell. A memory-bounded cache's writer calls this with {@link #WRITER_WALK_LIMIT}
   * and has such a value measured in full after the write.
   *
   * @param key the key, or null
   * @param value the value, or null
   * @param walkLimit the most objects to visit, at least 1
   * @return the estimate if the walk ended within the limit (then equal to {@link #estimate(Object,
   *     Object)} when that also ends within its own limit), else {@code ~bytes} of the bytes
   *     counted
   */
  public long estimateWithin(@Nullable Object key, @Nullable Object value, int walkLimit) {
    if (key == value || key == null) {
      key = null;
    } else if (value == null) {
      value = key;
      key = null;
    }
    if (value == null) {
      return 0;
    }
    long valueSize = quickSize(value);
    if (valueSize >= 0) {
      if (key == null) {
        return valueSize;
      }
      long keySize = quickSize(key);
      if (keySize >= 0) {
        return keySize + valueSize;
      }
    }
    GraphWalker walker = new GraphWalker(this, walkLimit).walk(key, value);
    return walker.cutShort() ? ~walker.bytes() : walker.bytes();
  }

  /** Walks one or two roots and returns the walker, for its counters. */
  GraphWalker walk(@Nullable Object first, @Nullable Object second) {
    return new GraphWalker(this, MAX_WALKED_OBJECTS).walk(first, second);
  }

  Object[] facts(Class<?> type) {
    return facts.get(type);
  }

  JdkStructures structures() {
    return structures;
  }

  /**
   * Returns the size of an object with no references to follow, or -1 if it has some. The most
   * common keys and values of a cache (strings, byte arrays, {@code Integer}s and {@code Long}s,
   * all final classes) are recognised by their class before the class's memoized facts are looked
   * up, which costs a hash lookup each.
   */
  private long quickSize(Object o) {
    if (o instanceof String s) {
      return stringShallow + stringArray(s);
    } else if (o instanceof byte[] bytes) {
      return layout.alignObject(byteArrayBase + bytes.length);
    } else if (o instanceof Integer i) {
      return (i >= -128 && i <= 127 && same(Integer.valueOf(i), o)) ? 0 : integerShallow;
    } else if (o instanceof Long l) {
      return (l >= -128 && l <= 127 && same(Long.valueOf(l), o)) ? 0 : longShallow;
    }
    long[] numbers = (long[]) facts(o.getClass())[ClassFacts.NUMBERS];
    Shape shape = Shape.ofOrdinal((int) numbers[ClassFacts.SHAPE]);
    if (isSharedInstance(o, shape)) {
      return 0;
    }
    return leafSize(o, shape, numbers);
  }

  /** Returns the size of an object of a shape with nothing to follow, or -1 for other shapes. */
  long leafSize(Object o, Shape shape, long[] numbers) {
    return switch (shape) {
      case LEAF, BOX, LOCAL_TIME -> numbers[ClassFacts.SHALLOW];
      case STRING -> stringShallow + stringArray((String) o);
      case PRIMITIVE_ARRAY -> arraySize(numbers, Array.getLength(o));
      case BIG_INTEGER -> numbers[ClassFacts.SHALLOW] + magnitudeArray((BigInteger) o);
      case STRING_BUILDER -> numbers[ClassFacts.SHALLOW] + builderArray((CharSequence) o);
      default -> -1;
    };
  }

  /** Returns the size of an array whose class facts are {@code numbers}. */
  long arraySize(long[] numbers, int length) {
    return layout.alignObject(
        numbers[ClassFacts.ARRAY_BASE] + length * numbers[ClassFacts.ELEMENT_BYTES]);
  }

  /** The {@code byte[]} of a string: one byte a character if compact and all are Latin-1. */
  private long stringArray(String s) {
    int length = s.length();
    return layout.alignObject(byteArrayBase + (isLatin1(s, length) ? length : 2L * length));
  }

  /** The {@code byte[]} of a builder: its capacity, in one or two bytes a character. */
  private long builderArray(CharSequence builder) {
    int capacity =
        builder instanceof StringBuilder sb ? sb.capacity() : ((StringBuffer) builder).capacity();
    boolean latin1 = isLatin1(builder, builder.length());
    return layout.alignObject(byteArrayBase + (latin1 ? capacity : 2L * capacity));
  }

  private boolean isLatin1(CharSequence s, int length) {
    if (!compactStrings) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (s.charAt(i) > 0xFF) {
        return false;
      }
    }
    return true;
  }

  /** The {@code int[]} magnitude of a BigInteger: 32 bits of the absolute value per element. */
  private long magnitudeArray(BigInteger value) {
    int bits = value.bitLength();
    // bitLength() excludes the sign bit: for a negative power of two it is one short of |value|.
    if (value.signum() < 0 && value.getLowestSetBit() == bits) {
      bits++;
    }
    return layout.arraySize(int.class, (bits + 31) >>> 5);
  }

  /** Returns whether {@code o} is an instance the JDK shares, counted as 0. */
  static boolean isSharedInstance(Object o, Shape shape) {
    return switch (shape) {
      case SHARED -> true;
      case BOX -> isCachedBox(o);
      case LOCAL_TIME -> isCachedTime((LocalTime) o);
      case OPTIONAL -> ((Optional<?>) o).isEmpty();
      case BIG_INTEGER -> isCachedBigInteger((BigInteger) o);
      case IMMUTABLE_LIST_N, IMMUTABLE_SET_N -> ((Collection<?>) o).isEmpty();
      case IMMUTABLE_MAP_N -> ((Map<?, ?>) o).isEmpty();
      default -> false;
    };
  }

  private static boolean isCachedBox(Object o) {
    if (o instanceof Integer i) {
      return i >= -128 && i <= 127 && same(Integer.valueOf(i), o);
    }
    if (o instanceof Long l) {
      return l >= -128 && l <= 127 && same(Long.valueOf(l), o);
    }
    if (o instanceof Short s) {
      return s >= -128 && s <= 127 && same(Short.valueOf(s), o);
    }
    if (o instanceof Byte b) {
      return same(Byte.valueOf(b), o);
    }
    if (o instanceof Character c) {
      return c <= 127 && same(Character.valueOf(c), o);
    }
    return o instanceof Boolean b && same(Boolean.valueOf(b), o);
  }

  private static boolean isCachedTime(LocalTime time) {
    return time.getNano() == 0
        && time.getSecond() == 0
        && time.getMinute() == 0
        && same(LocalTime.of(time.getHour(), 0), time);
  }

  private static boolean isCachedBigInteger(BigInteger value) {
    return value.bitLength() <= 5 && same(BigInteger.valueOf(value.longValue()), value);
  }

  /** Identity comparison, spelled out: these are the JDK's cached instances or not. */
  private static boolean same(Object a, Object b) {
    return a == b;
  }

  /** Lazy holder: the running JVM's flags are read on first use. */
  private static final class Holder {
    static final SizeEstimator INSTANCE =
        new SizeEstimator(HotSpotFlags.current().layout(), HotSpotFlags.current().compactStrings());
  }
}
