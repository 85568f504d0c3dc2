package io.larder.cache.internal.memory;

import static io.larder.cache.internal.memory.SizeEstimator.FULL_SCAN_LIMIT;
import static io.larder.cache.internal.memory.SizeEstimator.MAX_CONTAINER_DEPTH;
import static io.larder.cache.internal.memory.SizeEstimator.MAX_VISITED_OBJECTS;
import static io.larder.cache.internal.memory.SizeEstimator.SAMPLE_SIZE;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * One estimate's walk of an object graph: an identity set so that each object is counted once, an
 * explicit stack instead of recursion (a long linked list must not overflow the thread's stack),
 * the object budget, and the measuring and sampling of containers. See {@link SizeEstimator} for
 * the rules.
 *
 * <p>A container's elements are measured one at a time: the element is pushed and the stack is
 * drained back down to where it was, so the bytes that element's subgraph adds are known. The
 * elements never measured (not sampled, or reached after the budget ran out) are then counted as
 * the mean of the measured ones with the largest left out. Leaving it out keeps a sub-object shared
 * by all elements (reached, and counted, through whichever element met it first) from being
 * multiplied by the number of elements, and changes little when the elements are alike.
 *
 * <p>Small collections and maps are read with {@code forEach}, which has no side effects; large
 * maps are sampled through {@code entrySet().iterator()}, which makes a {@code HashMap} or {@code
 * TreeMap} create (and keep) its entry-set view if it had none.
 *
 * <p>Not thread-safe: one walker per estimate. It implements {@link Consumer} and {@link
 * BiConsumer} so that {@code forEach} on a deeply nested collection or map can push the elements
 * without allocating a lambda.
 */
final class GraphWalker
    implements Consumer<@Nullable Object>, BiConsumer<@Nullable Object, @Nullable Object> {
  private final SizeEstimator estimator;
  private final int walkLimit;
  private final IdentitySet seen = new IdentitySet();
  private @Nullable Object[] stack = new Object[16];
  private int top;
  private long bytes;
  private int visited;
  private int unvisited;
  private int extrapolatedContainers;
  private int containerDepth;
  private boolean cutShort;

  /**
   * Creates the walker of one estimate that visits at most {@code walkLimit} objects and counts the
   * ones still pending after that without visiting them.
   */
  GraphWalker(SizeEstimator estimator, int walkLimit) {
    this.estimator = estimator;
    this.walkLimit = walkLimit;
  }

  /** Walks the graphs of both roots (either may be null), counting shared objects once. */
  GraphWalker walk(@Nullable Object first, @Nullable Object second) {
    push(second);
    push(first);
    drain(0);
    return this;
  }

  /** Returns the estimated bytes of everything walked so far. */
  long bytes() {
    return bytes;
  }

  /**
   * Returns the number of objects visited: sized and, where they have any, their references read.
   */
  int visitedObjects() {
    return visited;
  }

  /** Returns the number of objects counted without being visited, after the budget ran out. */
  int unvisitedObjects() {
    return unvisited;
  }

  /**
   * Returns whether the walk reached its limit of visited objects with objects still pending, which
   * were then counted without being visited: the estimate is then short of what lies beyond them.
   */
  boolean cutShort() {
    return cutShort;
  }

  /** Returns the number of containers whose unmeasured elements were extrapolated. */
  int extrapolatedContainers() {
    return extrapolatedContainers;
  }

  @Override
  public void accept(@Nullable Object element) {
    push(element);
  }

  @Override
  public void accept(@Nullable Object key, @Nullable Object value) {
    push(key);
    push(value);
  }

  private void push(@Nullable Object o) {
    if (o == null) {
      return;
    }
    if (top == stack.length) {
      stack = Arrays.copyOf(stack, top << 1);
    }
    stack[top++] = o;
  }

  private void drain(int mark) {
    while (top > mark) {
      Object o = stack[--top];
      stack[top] = null;
      if (o != null) {
        boolean expand = visited < walkLimit;
        cutShort |= !expand;
        visit(o, expand);
      }
    }
  }

  /**
   * Counts one object. Expanded: its size and structures, and pushes what it refers to. Not
   * expanded (the budget is spent, or sampling is nested too deep): its exact size if it has no
   * references to follow, else the mean size of the objects visited so far.
   */
  private void visit(Object o, boolean expand) {
    Object[] facts = estimator.facts(o.getClass());
    long[] numbers = (long[]) facts[ClassFacts.NUMBERS];
    Shape shape = Shape.ofOrdinal((int) numbers[ClassFacts.SHAPE]);
    if (SizeEstimator.isSharedInstance(o, shape) || !seen.add(o)) {
      return;
    }
    long leaf = estimator.leafSize(o, shape, numbers);
    if (!expand) {
      unvisited++;
      long mean = visited == 0 ? 0 : bytes / visited;
      bytes += leaf >= 0 ? leaf : Math.max(numbers[ClassFacts.SHALLOW], mean);
      return;
    }
    visited++;
    if (leaf >= 0) {
      bytes += leaf;
      return;
    }
    bytes += numbers[ClassFacts.SHALLOW];
    try {
      expand(o, shape, numbers, (Method[]) facts[ClassFacts.ACCESSORS]);
      for (Field field : (Field[]) facts[ClassFacts.FIELDS]) {
        push(field.get(o));
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // A container modified concurrently, or user code in a subclass that failed: what was
      // counted so far stands, the estimate must not fail the cache's write.
    }
  }

  private void expand(Object o, Shape shape, long[] numbers, Method[] accessors)
      throws ReflectiveOperationException {
    switch (shape) {
      case OBJECT_ARRAY -> {
        Object[] array = (Object[]) o;
        bytes += estimator.arraySize(numbers, array.length);
        elements(array);
      }
      case RECORD -> {
        for (Method accessor : accessors) {
          push(accessor.invoke(o));
        }
      }
      case OPTIONAL -> push(((Optional<?>) o).orElse(null));
      case ATOMIC_REFERENCE -> push(((AtomicReference<?>) o).get());
      case ATOMIC_REFERENCE_ARRAY -> {
        AtomicReferenceArray<?> array = (AtomicReferenceArray<?>) o;
        bytes += estimator.layout().referenceArraySize(array.length());
        elements(array.length(), array::get);
      }
      case MAP_ENTRY -> {
        Map.Entry<?, ?> entry = (Map.Entry<?, ?>) o;
        push(entry.getKey());
        push(entry.getValue());
      }
      case BIG_DECIMAL -> {
        BigDecimal decimal = (BigDecimal) o;
        // Up to 18 digits the unscaled value is kept in a long; beyond, in a BigInteger.
        if (decimal.precision() > 18) {
          push(decimal.unscaledValue());
        }
      }
      case DATE_TIME -> dateTimeParts(o);
      case ENUM_SET -> bytes += enumSetWords((EnumSet<?>) o);
      case BUFFER -> bytes += bufferArray((Buffer) o);
      case BIT_SET -> bytes += estimator.layout().arraySize(long.class, ((BitSet) o).size() >>> 6);
      case FUTURE -> {
        CompletableFuture<?> future = (CompletableFuture<?>) o;
        if (future.isDone() && !future.isCompletedExceptionally()) {
          push(future.getNow(null));
        }
      }
      case PROXY -> push(Proxy.getInvocationHandler(o));
      case LEAF,
          FIELDS,
          SHARED,
          STRING,
          BOX,
          PRIMITIVE_ARRAY,
          BIG_INTEGER,
          LOCAL_TIME,
          STRING_BUILDER -> {
        // Nothing beyond the shallow size and the readable fields.
      }
      default -> {
        bytes += estimator.structures().structure(shape, o);
        if (o instanceof Map<?, ?> map) {
          entries(map);
        } else if (o instanceof Collection<?> collection) {
          elements(collection);
        }
      }
    }
  }

  private void dateTimeParts(Object o) {
    if (o instanceof LocalDateTime dateTime) {
      push(dateTime.toLocalDate());
      push(dateTime.toLocalTime());
    } else if (o instanceof OffsetDateTime dateTime) {
      push(dateTime.toLocalDateTime());
    } else if (o instanceof ZonedDateTime dateTime) {
      push(dateTime.toLocalDateTime());
    } else if (o instanceof OffsetTime time) {
      push(time.toLocalTime());
    }
  }

  /**
   * The heap array a buffer holds: its backing array when it exposes one (the whole array, even for
   * a slice or a wrap of part of it, since the buffer retains all of it), else (a read-only heap
   * buffer, or a view such as {@code asLongBuffer()}) its capacity in its element type. A direct
   * buffer's memory is outside the heap and is not counted.
   */
  private long bufferArray(Buffer buffer) {
    if (buffer.isDirect()) {
      return 0;
    }
    if (buffer.hasArray()) {
      Object array = buffer.array();
      return estimator
          .layout()
          .arraySize(array.getClass().getComponentType(), Array.getLength(array));
    }
    return estimator.layout().arraySize(bufferElement(buffer), buffer.capacity());
  }

  private static Class<?> bufferElement(Buffer buffer) {
    if (buffer instanceof ByteBuffer) {
      return byte.class;
    } else if (buffer instanceof LongBuffer) {
      return long.class;
    } else if (buffer instanceof IntBuffer) {
      return int.class;
    } else if (buffer instanceof DoubleBuffer) {
      return double.class;
    } else if (buffer instanceof FloatBuffer) {
      return float.class;
    } else if (buffer instanceof CharBuffer) {
      return char.class;
    }
    return short.class;
  }

  /** JumboEnumSet (more than 64 constants) keeps a long[] of one bit per constant. */
  private long enumSetWords(EnumSet<?> set) {
    if (set.isEmpty()) {
      return 0;
    }
    Enum<?> any = set.iterator().next();
    int constants = any.getDeclaringClass().getEnumConstants().length;
    return constants <= 64 ? 0 : estimator.layout().arraySize(long.class, (constants + 63) >>> 6);
  }

  private void elements(@Nullable Object[] array) {
    int n = array.length;
    if (n > FULL_SCAN_LIMIT) {
      sampleIndexed(n, i -> array[i]);
    } else if (containerDepth >= MAX_CONTAINER_DEPTH) {
      for (int i = n - 1; i >= 0; i--) {
        push(array[i]);
      }
    } else {
      Tally tally = new Tally(n);
      for (Object element : array) {
        tally.accept(element);
      }
      tally.finish();
    }
  }

  private void elements(int n, IntFunction<?> element) {
    if (n > FULL_SCAN_LIMIT) {
      sampleIndexed(n, element);
    } else if (containerDepth >= MAX_CONTAINER_DEPTH) {
      for (int i = n - 1; i >= 0; i--) {
        push(element.apply(i));
      }
    } else {
      Tally tally = new Tally(n);
      for (int i = 0; i < n; i++) {
        tally.accept(element.apply(i));
      }
      tally.finish();
    }
  }

  private void elements(Collection<?> collection) {
    int n = collection.size();
    if (n > FULL_SCAN_LIMIT) {
      if (collection instanceof List<?> list && collection instanceof RandomAccess) {
        sampleIndexed(n, list::get);
      } else {
        sampleIterated(n, collection.iterator(), false);
      }
    } else if (containerDepth >= MAX_CONTAINER_DEPTH) {
      collection.forEach(this);
    } else {
      Tally tally = new Tally(n);
      collection.forEach(tally);
      tally.finish();
    }
  }

  private void entries(Map<?, ?> map) {
    int n = map.size();
    if (n > FULL_SCAN_LIMIT) {
      sampleIterated(n, map.entrySet().iterator(), true);
    } else if (containerDepth >= MAX_CONTAINER_DEPTH) {
      map.forEach(this);
    } else {
      Tally tally = new Tally(n);
      map.forEach(tally);
      tally.finish();
    }
  }

  /** Measures {@link SizeEstimator#SAMPLE_SIZE} elements evenly spaced over the index range. */
  private void sampleIndexed(int n, IntFunction<?> element) {
    Tally tally = new Tally(n);
    for (int j = 0; j < SAMPLE_SIZE && tally.wantsMore(); j++) {
      tally.accept(element.apply((int) ((long) j * n / SAMPLE_SIZE)));
    }
    tally.finish();
  }

  /**
   * Measures {@link SizeEstimator#SAMPLE_SIZE} elements evenly spaced over the iteration order of a
   * collection or map that has no index, stepping the iterator over the others. Never a prefix: the
   * first elements are often unlike the rest (small keys whose boxes the JDK caches, the oldest
   * entries of a linked structure), and a prefix would stand for all of them. For a map, {@code
   * entries} says the iterator gives entries, whose key and value are measured together (the entry
   * itself is a node counted in the structure, or a view).
   */
  private void sampleIterated(int n, Iterator<?> iterator, boolean entries) {
    Tally tally = new Tally(n);
    long next = 0;
    int taken = 0;
    for (long i = 0; taken < SAMPLE_SIZE && tally.wantsMore() && iterator.hasNext(); i++) {
      Object element = iterator.next();
      if (i < next) {
        continue;
      }
      if (entries) {
        Map.Entry<?, ?> entry = (Map.Entry<?, ?>) element;
        tally.accept(entry.getKey(), entry.getValue());
      } else {
        tally.accept(element);
      }
      taken++;
      next = (long) taken * n / SAMPLE_SIZE;
    }
    tally.finish();
  }

  /**
   * Returns the bytes that one element (and, for a map, its value) adds, by walking its subgraph
   * down to the current top of the stack. Below {@link SizeEstimator#MAX_CONTAINER_DEPTH} nested
   * containers the element is counted without being visited.
   */
  private long measure(@Nullable Object first, @Nullable Object second) {
    long before = bytes;
    if (containerDepth >= MAX_CONTAINER_DEPTH) {
      if (first != null) {
        visit(first, false);
      }
      if (second != null) {
        visit(second, false);
      }
      return bytes - before;
    }
    int mark = top;
    push(second);
    push(first);
    containerDepth++;
    try {
      drain(mark);
    } finally {
      containerDepth--;
    }
    return bytes - before;
  }

  /**
   * The elements of one container measured so far; counts the ones never measured (beyond the
   * sample, or after the budget ran out) as the mean of the measured ones without the largest.
   */
  private final class Tally
      implements Consumer<@Nullable Object>, BiConsumer<@Nullable Object, @Nullable Object> {
    private final int size;
    private long sum;
    private long max;
    int count;

    Tally(int size) {
      this.size = size;
    }

    /** Returns false once the budget is spent and at least one element was measured. */
    boolean wantsMore() {
      return count == 0 || visited < MAX_VISITED_OBJECTS;
    }

    @Override
    public void accept(@Nullable Object element) {
      if (wantsMore()) {
        add(measure(element, null));
      }
    }

    @Override
    public void accept(@Nullable Object key, @Nullable Object value) {
      if (wantsMore()) {
        add(measure(key, value));
      }
    }

    private void add(long elementBytes) {
      sum += elementBytes;
      max = Math.max(max, elementBytes);
      count++;
    }

    void finish() {
      if (count == 0 || size <= count) {
        return;
      }
      double mean = count == 1 ? sum : (double) (sum - max) / (count - 1);
      bytes += Math.round(mean * (size - count));
      extrapolatedContainers++;
    }
  }
}
