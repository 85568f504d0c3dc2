package io.larder.cache.internal.memory;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;

/**
 * The memory layout of objects in a HotSpot JVM: header, reference and alignment sizes, and the
 * sizes of instances and arrays that follow from them.
 *
 * <p>An instance is created either for the running JVM ({@link #forCurrentJvm()}, which reads the
 * VM's own flags) or for a given set of flags ({@link #builder()}), so that the arithmetic can be
 * checked for layouts other than the one the tests run on.
 *
 * <h2>Headers and arrays</h2>
 *
 * <p>An object starts with a header: an 8-byte mark word followed by a 4-byte compressed class
 * pointer ({@code -XX:+UseCompressedClassPointers}, the default) or an 8-byte one, so 12 or 16
 * bytes; with compact object headers ({@code -XX:+UseCompactObjectHeaders}, JDK 24 and later) the
 * class pointer lives inside the mark word and the header is 8 bytes. An array stores its length in
 * the 4 bytes after the header. Up to JDK 21 the elements start at the next 8-byte boundary after
 * the length; from JDK 22 (JDK-8139457) they start right after it, aligned only to the element size
 * ({@code long}, {@code double} and uncompressed references to 8). Every object's size is rounded
 * up to {@code -XX:ObjectAlignmentInBytes} (8 by default).
 *
 * <h2>Humongous objects (G1)</h2>
 *
 * <p>G1, the default collector, allocates an object larger than half a heap region (a "humongous"
 * object, in practice a large array) in regions of its own, contiguous and not shared: a 600 KB
 * {@code byte[]} in a heap of 1 MB regions takes a whole megabyte, and a 2.1 MB one takes three. A
 * layout built with the region size ({@link Builder#g1RegionBytes}, read from {@code
 * G1HeapRegionSize} when {@code -XX:+UseG1GC}) rounds such objects up to whole regions, so that a
 * memory budget counts what the heap really gives up for them. Other collectors' large-object
 * spaces are not modelled.
 *
 * <h2>Field layout</h2>
 *
 * <p>Instance sizes are computed from declared fields with the algorithm of HotSpot's {@code
 * FieldLayoutBuilder} (JDK 15 and later), which this class replays without reading any offsets:
 *
 * <ol>
 *   <li>The superclass's fields keep their offsets. The gaps between them, including the one
 *       between the header and the first field, become empty slots, and the layout's tail starts
 *       right after the last inherited field, not at the superclass's rounded-up size.
 *   <li>The class's own primitive fields are placed from the largest to the smallest, then its
 *       reference fields. Each field goes into the smallest empty slot that can hold it at its
 *       natural alignment (its size), searched from the highest offset down, or else at the tail.
 *       Aligning a field inside a slot or at the tail leaves the skipped bytes as a new empty slot
 *       that later, smaller fields may fill.
 *   <li>The instance size is the tail offset rounded up to 8 and then to the object alignment.
 * </ol>
 *
 * <p>With {@code -XX:-UseEmptySlotsInSupers} (JDK 15 to 23) a class whose superclass has fields
 * only appends after the superclass's fields, starting at a reference-size boundary; that mode is
 * replayed too (JDK classes loaded from the default CDS archive keep the archive's layout under
 * that flag, and are then off by a few bytes). Not modelled: {@code @Contended} padding (honoured
 * by default only for a few JDK classes such as {@code Thread} and the cells of {@code LongAdder}),
 * and the hidden fields that the VM injects into a few JDK classes ({@code Class}, {@code
 * Throwable}, {@code MemberName}).
 *
 * <h2>Memoization</h2>
 *
 * <p>The field layout of each class is memoized in a {@link ClassValue}, not in a map keyed by
 * {@code Class}: a map held by this class would keep every measured class, and so its class loader,
 * reachable for as long as the cache lives, which pins a redeployed web application's classes. A
 * {@code ClassValue} stores its value inside the {@code Class} object itself, so it goes away with
 * the class. The stored value is an {@code int[]}, a type of the bootstrap class loader, so that
 * the entry stored inside a JDK class such as {@code String} holds no reference to this library's
 * class loader either (a value of a library type there would pin the library's loader through the
 * JDK class, which is never unloaded).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ObjectLayout {
  private static final int WORD = 8;

  private final boolean compressedOops;
  private final boolean compressedClassPointers;
  private final boolean compactHeaders;
  private final int alignment;
  private final int javaFeatureVersion;
  private final boolean emptySlotsInSupers;
  private final int headerBytes;
  private final int referenceBytes;
  private final long g1RegionBytes;

  /**
   * Per class: the end of the last field, then (offset, size) pairs of every instance field,
   * inherited ones included, sorted by offset. The header is implicit at [0, headerBytes).
   */
  private final ClassValue<int[]> fieldBlocks =
      new ClassValue<>() {
        @Override
        protected int[] computeValue(Class<?> type) {
          return layOutFields(type);
        }
      };

  private ObjectLayout(Builder builder) {
    if (builder.compactHeaders && !builder.compressedClassPointers) {
      throw new IllegalArgumentException(
          "compactHeaders requires compressedClassPointers (HotSpot enforces the same)");
    }
    if (builder.alignment < WORD
        || builder.alignment > 256
        || Integer.bitCount(builder.alignment) != 1) {
      throw new IllegalArgumentException(
          "alignment must be a power of two from 8 to 256, was " + builder.alignment);
    }
    if (builder.g1RegionBytes < 0
        || (builder.g1RegionBytes != 0 && Long.bitCount(builder.g1RegionBytes) != 1)) {
      throw new IllegalArgumentException(
          "g1RegionBytes must be 0 (not G1) or a power of two, was " + builder.g1RegionBytes);
    }
    if (builder.javaFeatureVersion < 15) {
      throw new IllegalArgumentException(
          "javaFeatureVersion must be 15 or later (the field layout modelled here), was "
              + builder.javaFeatureVersion);
    }
    this.compressedOops = builder.compressedOops;
    this.compressedClassPointers = builder.compressedClassPointers;
    this.compactHeaders = builder.compactHeaders;
    this.alignment = builder.alignment;
    this.javaFeatureVersion = builder.javaFeatureVersion;
    this.emptySlotsInSupers = builder.emptySlotsInSupers;
    this.headerBytes = compactHeaders ? 8 : (compressedClassPointers ? 12 : 16);
    this.referenceBytes = compressedOops ? 4 : 8;
    this.g1RegionBytes = builder.g1RegionBytes;
  }

  /**
   * Returns the layout of the running JVM, read once from its flags (see {@link HotSpotFlags}).
   *
   * @return the layout of this JVM; the same instance on every call
   */
  public static ObjectLayout forCurrentJvm() {
    return HotSpotFlags.current().layout();
  }

  /**
   * Returns a builder for a layout with given flags, starting from HotSpot's defaults on the
   * running Java version: compressed oops and class pointers on, compact headers off, 8-byte
   * alignment.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the size of an object header in bytes: 8, 12 or 16.
   *
   * @return the header size of a non-array object
   */
  public long headerBytes() {
    return headerBytes;
  }

  /**
   * Returns the size of a reference field or array element in bytes: 4 or 8.
   *
   * @return the reference size
   */
  public int referenceBytes() {
    return referenceBytes;
  }

  /**
   * Returns the object alignment in bytes ({@code ObjectAlignmentInBytes}).
   *
   * @return the alignment every object size is rounded up to
   */
  public int alignment() {
    return alignment;
  }

  /**
   * Returns whether references are compressed to 4 bytes ({@code UseCompressedOops}).
   *
   * @return true if references are 4 bytes
   */
  public boolean compressedOops() {
    return compressedOops;
  }

  /**
   * Returns whether class pointers are compressed ({@code UseCompressedClassPointers}).
   *
   * @return true if the class pointer takes 4 bytes or, with compact headers, none
   */
  public boolean compressedClassPointers() {
    return compressedClassPointers;
  }

  /**
   * Returns whether compact object headers are on ({@code UseCompactObjectHeaders}).
   *
   * @return true if the header is a single 8-byte word
   */
  public boolean compactHeaders() {
    return compactHeaders;
  }

  /**
   * Returns the Java feature version whose array layout this models (22 and later relax the
   * alignment of array elements).
   *
   * @return the Java feature version, such as 17 or 25
   */
  public int javaFeatureVersion() {
    return javaFeatureVersion;
  }

  /**
   * Returns the size in bytes of one instance of a class: header and declared instance fields of
   * the class and its superclasses, laid out as HotSpot does, rounded up to the alignment.
   *
   * @param type a class (not an array, interface or primitive type)
   * @return the shallow size of an instance of {@code type}
   * @throws IllegalArgumentException if {@code type} is an array or primitive type
   */
  public long instanceSize(Class<?> type) {
    if (type.isArray() || type.isPrimitive()) {
      throw new IllegalArgumentException("not an instance type: " + type.getName());
    }
    return alignObject(alignUp(fieldBlocks.get(type)[0], WORD));
  }

  /**
   * Returns the offset of the first element of an array with the given component type.
   *
   * @param componentType the array's component type, such as {@code byte.class} or {@code
   *     Object.class}
   * @return the array base offset in bytes
   */
  public long arrayBaseOffset(Class<?> componentType) {
    int lengthEnd = headerBytes + 4;
    if (javaFeatureVersion < 22) {
      return alignUp(lengthEnd, WORD);
    }
    return alignUp(lengthEnd, elementBytes(componentType) == 8 ? 8 : 4);
  }

  /**
   * Returns the size in bytes of an array: header, length, elements, rounded up to the alignment.
   *
   * @param componentType the array's component type, such as {@code int.class} or {@code
   *     String.class}
   * @param length the number of elements
   * @return the shallow size of the array
   * @throws IllegalArgumentException if {@code length} is negative
   */
  public long arraySize(Class<?> componentType, int length) {
    if (length < 0) {
      throw new IllegalArgumentException("negative array length " + length);
    }
    return alignObject(
        arrayBaseOffset(componentType) + (long) length * elementBytes(componentType));
  }

  /**
   * Returns the size in bytes of an array of references ({@code Object[]} and every other reference
   * array).
   *
   * @param length the number of elements
   * @return the shallow size of the array
   */
  public long referenceArraySize(int length) {
    return arraySize(Object.class, length);
  }

  /**
   * Returns the size in bytes of one element of an array with the given component type, or of a
   * field of that type.
   *
   * @param type a primitive type or any reference type
   * @return 1, 2, 4 or 8
   */
  public int elementBytes(Class<?> type) {
    if (!type.isPrimitive()) {
      return referenceBytes;
    }
    if (type == long.class || type == double.class) {
      return 8;
    }
    if (type == int.class || type == float.class) {
      return 4;
    }
    if (type == short.class || type == char.class) {
      return 2;
    }
    if (type == byte.class || type == boolean.class) {
      return 1;
    }
    throw new IllegalArgumentException("no instances of " + type.getName());
  }

  /**
   * Returns the G1 heap region size this layout rounds humongous objects to, or 0 if it models
   * another collector.
   *
   * @return {@code G1HeapRegionSize} in bytes, or 0
   */
  public long g1RegionBytes() {
    return g1RegionBytes;
  }

  /**
   * Rounds an object's size up to the object alignment, and, for a humongous object under G1
   * (larger than half a region), up to whole regions.
   *
   * @param bytes a size in bytes
   * @return the heap the object takes: the smallest multiple of {@link #alignment()} not less than
   *     {@code bytes}, or of the region size if that is more than half a region
   */
  public long alignObject(long bytes) {
    long aligned = alignUp(bytes, alignment);
    if (g1RegionBytes != 0 && aligned > g1RegionBytes / 2) {
      return (aligned + g1RegionBytes - 1) & -g1RegionBytes;
    }
    return aligned;
  }

  @Override
  public String toString() {
    return "ObjectLayout{header="
        + headerBytes
        + ", references="
        + referenceBytes
        + ", alignment="
        + alignment
        + ", compressedOops="
        + compressedOops
        + ", compressedClassPointers="
        + compressedClassPointers
        + ", compactHeaders="
        + compactHeaders
        + ", emptySlotsInSupers="
        + emptySlotsInSupers
        + ", java="
        + javaFeatureVersion
        + (g1RegionBytes == 0 ? "" : ", g1RegionBytes=" + g1RegionBytes)
        + "}";
  }

  private static long alignUp(long value, int to) {
    return (value + to - 1) & -to;
  }

  private static int alignUp(int value, int to) {
    return (value + to - 1) & -to;
  }

  /** Replays HotSpot's field layout for {@code type}, given its superclass's memoized layout. */
  private int[] layOutFields(Class<?> type) {
    Class<?> superclass = type.getSuperclass();
    if (superclass == null) {
      return new int[] {headerBytes};
    }
    int[] inherited = fieldBlocks.get(superclass);
    int[] sizes = declaredFieldSizes(type);
    if (sizes.length == 0) {
      return inherited;
    }
    var slots = new SlotList(headerBytes, inherited);
    boolean superHasFields = inherited.length > 1;
    boolean appendOnly = false;
    if (!emptySlotsInSupers) {
      slots.padTail(referenceBytes);
      appendOnly = superHasFields;
    }
    int[] placed = Arrays.copyOf(inherited, inherited.length + 2 * sizes.length);
    int count = inherited.length;
    int lastSize = 0;
    boolean lastSearchSucceeded = false;
    for (int size : sizes) {
      int offset;
      if (appendOnly || (size == lastSize && !lastSearchSucceeded)) {
        offset = slots.placeAtTail(size);
      } else {
        lastSize = size;
        int slot = slots.bestFit(size);
        lastSearchSucceeded = slot >= 0;
        offset = lastSearchSucceeded ? slots.placeInSlot(slot, size) : slots.placeAtTail(size);
      }
      placed[count++] = offset;
      placed[count++] = size;
    }
    placed[0] = slots.tail;
    sortPairsByOffset(placed);
    return placed;
  }

  /**
   * Returns the sizes of the class's own instance fields in HotSpot's allocation order: primitive
   * fields from the largest to the smallest, then references.
   */
  private int[] declaredFieldSizes(Class<?> type) {
    Field[] fields;
    try {
      fields = type.getDeclaredFields();
    } catch (LinkageError e) {
      // A field whose type cannot be loaded: count the header and inherited fields only.
      return new int[0];
    }
    int[] primitives = new int[fields.length];
    int primitiveCount = 0;
    int references = 0;
    for (Field field : fields) {
      if (Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      Class<?> fieldType = field.getType();
      if (fieldType.isPrimitive()) {
        primitives[primitiveCount++] = elementBytes(fieldType);
      } else {
        references++;
      }
    }
    int[] sizes = new int[primitiveCount + references];
    Arrays.sort(primitives, 0, primitiveCount);
    for (int i = 0; i < primitiveCount; i++) {
      sizes[i] = primitives[primitiveCount - 1 - i];
    }
    Arrays.fill(sizes, primitiveCount, sizes.length, referenceBytes);
    return sizes;
  }

  /** Sorts the (offset, size) pairs after index 0 by offset; lists are short, so insertion sort. */
  private static void sortPairsByOffset(int[] blocks) {
    for (int i = 3; i < blocks.length; i += 2) {
      int offset = blocks[i];
      int size = blocks[i + 1];
      int j = i - 2;
      while (j >= 1 && blocks[j] > offset) {
        blocks[j + 2] = blocks[j];
        blocks[j + 3] = blocks[j + 1];
        j -= 2;
      }
      blocks[j + 2] = offset;
      blocks[j + 3] = size;
    }
  }

  /**
   * The empty slots of a layout under construction, in offset order, and its tail (the start of the
   * unbounded empty space after the last field).
   */
  private static final class SlotList {
    private int[] offsets = new int[8];
    private int[] sizes = new int[8];
    private int count;
    int tail;

    /** Rebuilds the slots from the header and the inherited fields, as HotSpot's fill_holes. */
    SlotList(int headerBytes, int[] inherited) {
      int end = headerBytes;
      for (int i = 1; i < inherited.length; i += 2) {
        if (inherited[i] > end) {
          add(count, end, inherited[i] - end);
        }
        end = Math.max(end, inherited[i] + inherited[i + 1]);
      }
      tail = end;
    }

    void padTail(int to) {
      int padded = alignUp(tail, to);
      if (padded > tail) {
        add(count, tail, padded - tail);
        tail = padded;
      }
    }

    /** Returns the smallest slot that fits, preferring higher offsets among equals, or -1. */
    int bestFit(int size) {
      int best = -1;
      for (int i = count - 1; i >= 0; i--) {
        int adjustment = alignUp(offsets[i], size) - offsets[i];
        if (sizes[i] >= size + adjustment && (best < 0 || sizes[i] < sizes[best])) {
          best = i;
        }
      }
      return best;
    }

    int placeInSlot(int slot, int size) {
      int offset = offsets[slot];
      int adjustment = alignUp(offset, size) - offset;
      int remaining = sizes[slot] - adjustment - size;
      int fieldOffset = offset + adjustment;
      if (remaining == 0) {
        remove(slot);
      } else {
        offsets[slot] = fieldOffset + size;
        sizes[slot] = remaining;
      }
      if (adjustment > 0) {
        add(slot, offset, adjustment);
      }
      return fieldOffset;
    }

    int placeAtTail(int size) {
      int fieldOffset = alignUp(tail, size);
      if (fieldOffset > tail) {
        add(count, tail, fieldOffset - tail);
      }
      tail = fieldOffset + size;
      return fieldOffset;
    }

    private void add(int index, int offset, int size) {
      if (count == offsets.length) {
        offsets = Arrays.copyOf(offsets, count * 2);
        sizes = Arrays.copyOf(sizes, count * 2);
      }
      System.arraycopy(offsets, index, offsets, index + 1, count - index);
      System.arraycopy(sizes, index, sizes, index + 1, count - index);
      offsets[index] = offset;
      sizes[index] = size;
      count++;
    }

    private void remove(int index) {
      System.arraycopy(offsets, index + 1, offsets, index, count - index - 1);
      System.arraycopy(sizes, index + 1, sizes, index, count - index - 1);
      count--;
    }
  }

  /**
   * A builder of {@link ObjectLayout}s for given VM flags.
   *
   * <p>Not thread-safe; the layouts it builds are.
   */
  public static final class Builder {
    private boolean compressedOops = true;
    private boolean compressedClassPointers = true;
    private boolean compactHeaders;
    private int alignment = WORD;
    private int javaFeatureVersion = Runtime.version().feature();
    private boolean emptySlotsInSupers = true;
    private long g1RegionBytes;

    private Builder() {}

    /**
     * Sets the G1 heap region size ({@code G1HeapRegionSize} under {@code -XX:+UseG1GC}), so that
     * humongous objects are sized in whole regions; default 0, which models no region rounding.
     *
     * @param bytes 0, or the region size: a power of two
     * @return this builder
     */
    public Builder g1RegionBytes(long bytes) {
      this.g1RegionBytes = bytes;
      return this;
    }

    /**
     * Sets whether references are compressed ({@code -XX:+UseCompressedOops}); default true.
     *
     * @param enabled whether references take 4 bytes rather than 8
     * @return this builder
     */
    public Builder compressedOops(boolean enabled) {
      this.compressedOops = enabled;
      return this;
    }

    /**
     * Sets whether class pointers are compressed ({@code -XX:+UseCompressedClassPointers}); default
     * true.
     *
     * @param enabled whether the class pointer in the header takes 4 bytes rather than 8
     * @return this builder
     */
    public Builder compressedClassPointers(boolean enabled) {
      this.compressedClassPointers = enabled;
      return this;
    }

    /**
     * Sets whether object headers are compact ({@code -XX:+UseCompactObjectHeaders}, JDK 24 and
     * later); default false.
     *
     * @param enabled whether the header is a single 8-byte word
     * @return this builder
     */
    public Builder compactHeaders(boolean enabled) {
      this.compactHeaders = enabled;
      return this;
    }

    /**
     * Sets the object alignment ({@code -XX:ObjectAlignmentInBytes}); default 8.
     *
     * @param bytes a power of two from 8 to 256
     * @return this builder
     */
    public Builder alignment(int bytes) {
      this.alignment = bytes;
      return this;
    }

    /**
     * Sets the Java feature version whose array layout to model; default the running one.
     *
     * @param version 15 or later
     * @return this builder
     */
    public Builder javaFeatureVersion(int version) {
      this.javaFeatureVersion = version;
      return this;
    }

    /**
     * Sets whether subclass fields may fill gaps in the superclass's layout ({@code
     * -XX:+UseEmptySlotsInSupers}, the default on JDK 15 and later); default true.
     *
     * @param enabled whether gaps left by superclasses are reused
     * @return this builder
     */
    public Builder emptySlotsInSupers(boolean enabled) {
      this.emptySlotsInSupers = enabled;
      return this;
    }

    /**
     * Returns a layout with the flags set so far.
     *
     * @return a new layout
     * @throws IllegalArgumentException if the flags are inconsistent or out of range
     */
    public ObjectLayout build() {
      return new ObjectLayout(this);
    }
  }
}
