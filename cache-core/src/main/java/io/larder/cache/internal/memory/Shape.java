package io.larder.cache.internal.memory;

/**
 * How the size estimator measures the instances of a class beyond their shallow size: which formula
 * gives the size of the structures it cannot see, and which objects it walks on to.
 *
 * <p>Stored per class by its ordinal (see {@link ClassFacts}), never as an enum constant, so that
 * the memoized value holds no reference to this library's classes.
 */
enum Shape {
  /** Shared by everything that refers to it (enum constants, classes, zones): counted as 0. */
  SHARED,
  /** Nothing beyond the shallow size: primitive fields only, or no readable references. */
  LEAF,
  /** An ordinary object whose reference fields are read and walked. */
  FIELDS,
  /** A {@code String}: its {@code byte[]} by length and coder. */
  STRING,
  /** A boxed primitive; counted as 0 when it is the JDK's cached instance. */
  BOX,
  /** An array of primitives. */
  PRIMITIVE_ARRAY,
  /** An array of references, whose elements are walked or sampled. */
  OBJECT_ARRAY,
  /** A record whose fields cannot be read: components read through their public accessors. */
  RECORD,
  /** {@code ArrayList}: backing array sized by the default growth schedule. */
  ARRAY_LIST,
  /** {@code Arrays.asList}: backing array of exactly the list's size. */
  EXACT_ARRAY_LIST,
  /** {@code CopyOnWriteArrayList}: exact array and, where declared, a lock object. */
  COPY_ON_WRITE_LIST,
  /** {@code CopyOnWriteArraySet}: a {@code CopyOnWriteArrayList} inside. */
  COPY_ON_WRITE_SET,
  /** {@code LinkedList}: one node per element. */
  LINKED_LIST,
  /** {@code ArrayDeque}: circular array sized by the default growth schedule. */
  ARRAY_DEQUE,
  /** {@code HashMap}: table and one node per entry. */
  HASH_MAP,
  /** {@code LinkedHashMap}: table and one linked entry per entry. */
  LINKED_HASH_MAP,
  /** {@code HashSet}: a {@code HashMap} inside. */
  HASH_SET,
  /** {@code LinkedHashSet}: a {@code LinkedHashMap} inside. */
  LINKED_HASH_SET,
  /** {@code TreeMap}: one entry per mapping. */
  TREE_MAP,
  /** {@code TreeSet}: a {@code TreeMap} inside. */
  TREE_SET,
  /** {@code ConcurrentHashMap}: table and one node per entry. */
  CONCURRENT_HASH_MAP,
  /** {@code List.of}, {@code Set.of} with one or two elements, {@code Map.of} with one entry. */
  SMALL_IMMUTABLE,
  /** {@code List.of} with more elements, {@code List.copyOf}, {@code Stream.toList}. */
  IMMUTABLE_LIST_N,
  /** {@code Set.of} with more elements: probe table of twice the size. */
  IMMUTABLE_SET_N,
  /** {@code Map.of} with more entries: probe table of four times the size. */
  IMMUTABLE_MAP_N,
  /** {@code Collections.unmodifiable*}, {@code synchronized*}, {@code checked*}. */
  WRAPPER,
  /** {@code Optional}. */
  OPTIONAL,
  /** {@code BigInteger}: its magnitude array. */
  BIG_INTEGER,
  /** {@code BigDecimal}: its unscaled {@code BigInteger} when it does not fit in a long. */
  BIG_DECIMAL,
  /** {@code LocalTime}; counted as 0 when it is one of the JDK's cached whole hours. */
  LOCAL_TIME,
  /** {@code LocalDateTime}, {@code OffsetDateTime}, {@code ZonedDateTime}, {@code OffsetTime}. */
  DATE_TIME,
  /** {@code StringBuilder}, {@code StringBuffer}: the array by capacity. */
  STRING_BUILDER,
  /** {@code AtomicReference}. */
  ATOMIC_REFERENCE,
  /** {@code AtomicReferenceArray}. */
  ATOMIC_REFERENCE_ARRAY,
  /** A {@code Map.Entry} whose fields cannot be read. */
  MAP_ENTRY,
  /** {@code RegularEnumSet}, {@code JumboEnumSet}. */
  ENUM_SET,
  /** {@code EnumMap}: values array by the number of constants. */
  ENUM_MAP,
  /**
   * A {@code java.nio} buffer: a heap buffer's backing array by {@code array().length}, a read-only
   * heap buffer or a view by {@code capacity()}; a direct buffer's memory is not on the heap.
   */
  BUFFER,
  /** {@code BitSet}: its {@code long[]} by {@code size()}, one bit per bit of capacity. */
  BIT_SET,
  /** {@code CompletableFuture}: the value it completed with, if it completed normally. */
  FUTURE,
  /** A {@code java.lang.reflect.Proxy}: its invocation handler, which holds what it serves. */
  PROXY,
  /** Another JDK collection (or an unreadable one): structure guessed from its interfaces. */
  GENERIC_COLLECTION,
  /** Another JDK map (or an unreadable one): structure guessed from its interfaces. */
  GENERIC_MAP;

  private static final Shape[] VALUES = values();

  /** Returns the shape with the given ordinal. */
  static Shape ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }
}
