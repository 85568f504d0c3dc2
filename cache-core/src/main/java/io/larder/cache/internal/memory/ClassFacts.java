package io.larder.cache.internal.memory;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.nio.Buffer;
import java.nio.charset.Charset;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the size estimator knows about one class: its shallow size, its {@link Shape}, the reference
 * fields it can read and, for records it cannot open, the component accessors.
 *
 * <p>The facts are memoized per class in a {@link ClassValue} by {@link SizeEstimator}, and are
 * therefore stored inside the measured {@code Class} object. They are encoded in JDK types only
 * ({@code Object[]} of {@code long[]}, {@code Field[]} and {@code Method[]}), never in a type of
 * this library: an instance of a library class stored inside {@code String.class} would keep this
 * library's class loader reachable from a class that is never unloaded, which is exactly the
 * web-application class-loader leak this library exists to avoid.
 */
final class ClassFacts {
  /** Index of the {@code long[]}: shallow size, shape ordinal, array base offset, element size. */
  static final int NUMBERS = 0;

  /** Index of the {@code Field[]} of readable reference fields to walk. */
  static final int FIELDS = 1;

  /** Index of the {@code Method[]} of record accessors (records that cannot be opened). */
  static final int ACCESSORS = 2;

  static final int SHALLOW = 0;
  static final int SHAPE = 1;
  static final int ARRAY_BASE = 2;
  static final int ELEMENT_BYTES = 3;

  private static final System.Logger LOGGER = System.getLogger(SizeEstimator.class.getName());
  private static final Field[] NO_FIELDS = {};
  private static final Method[] NO_METHODS = {};

  /** Shapes of JDK classes, by name so that this table holds no {@code Class} objects. */
  private static final Map<String, Shape> JDK_SHAPES =
      Map.ofEntries(
          Map.entry("java.lang.String", Shape.STRING),
          Map.entry("java.lang.Integer", Shape.BOX),
          Map.entry("java.lang.Long", Shape.BOX),
          Map.entry("java.lang.Short", Shape.BOX),
          Map.entry("java.lang.Byte", Shape.BOX),
          Map.entry("java.lang.Character", Shape.BOX),
          Map.entry("java.lang.Boolean", Shape.BOX),
          Map.entry("java.lang.StringBuilder", Shape.STRING_BUILDER),
          Map.entry("java.lang.StringBuffer", Shape.STRING_BUILDER),
          Map.entry("java.util.ArrayList", Shape.ARRAY_LIST),
          Map.entry("java.util.Arrays$ArrayList", Shape.EXACT_ARRAY_LIST),
          Map.entry("java.util.concurrent.CopyOnWriteArrayList", Shape.COPY_ON_WRITE_LIST),
          Map.entry("java.util.concurrent.CopyOnWriteArraySet", Shape.COPY_ON_WRITE_SET),
          Map.entry("java.util.LinkedList", Shape.LINKED_LIST),
          Map.entry("java.util.ArrayDeque", Shape.ARRAY_DEQUE),
          Map.entry("java.util.HashMap", Shape.HASH_MAP),
          Map.entry("java.util.LinkedHashMap", Shape.LINKED_HASH_MAP),
          Map.entry("java.util.HashSet", Shape.HASH_SET),
          Map.entry("java.util.LinkedHashSet", Shape.LINKED_HASH_SET),
          Map.entry("java.util.TreeMap", Shape.TREE_MAP),
          Map.entry("java.util.TreeSet", Shape.TREE_SET),
          Map.entry("java.util.concurrent.ConcurrentHashMap", Shape.CONCURRENT_HASH_MAP),
          Map.entry("java.util.ImmutableCollections$List12", Shape.SMALL_IMMUTABLE),
          Map.entry("java.util.ImmutableCollections$Set12", Shape.SMALL_IMMUTABLE),
          Map.entry("java.util.ImmutableCollections$Map1", Shape.SMALL_IMMUTABLE),
          Map.entry("java.util.ImmutableCollections$ListN", Shape.IMMUTABLE_LIST_N),
          Map.entry("java.util.ImmutableCollections$SetN", Shape.IMMUTABLE_SET_N),
          Map.entry("java.util.ImmutableCollections$MapN", Shape.IMMUTABLE_MAP_N),
          Map.entry("java.util.Collections$SingletonList", Shape.SMALL_IMMUTABLE),
          Map.entry("java.util.Collections$SingletonSet", Shape.SMALL_IMMUTABLE),
          Map.entry("java.util.Collections$SingletonMap", Shape.SMALL_IMMUTABLE),
          Map.entry("java.util.Collections$CopiesList", Shape.SMALL_IMMUTABLE),
          Map.entry("java.util.KeyValueHolder", Shape.MAP_ENTRY),
          Map.entry("java.util.AbstractMap$SimpleEntry", Shape.MAP_ENTRY),
          Map.entry("java.util.AbstractMap$SimpleImmutableEntry", Shape.MAP_ENTRY),
          Map.entry("java.util.Optional", Shape.OPTIONAL),
          Map.entry("java.math.BigInteger", Shape.BIG_INTEGER),
          Map.entry("java.math.BigDecimal", Shape.BIG_DECIMAL),
          Map.entry("java.time.LocalTime", Shape.LOCAL_TIME),
          Map.entry("java.time.LocalDateTime", Shape.DATE_TIME),
          Map.entry("java.time.OffsetDateTime", Shape.DATE_TIME),
          Map.entry("java.time.ZonedDateTime", Shape.DATE_TIME),
          Map.entry("java.time.OffsetTime", Shape.DATE_TIME),
          Map.entry("java.util.concurrent.atomic.AtomicReference", Shape.ATOMIC_REFERENCE),
          Map.entry(
              "java.util.concurrent.atomic.AtomicReferenceArray", Shape.ATOMIC_REFERENCE_ARRAY),
          Map.entry("java.util.RegularEnumSet", Shape.ENUM_SET),
          Map.entry("java.util.JumboEnumSet", Shape.ENUM_SET),
          Map.entry("java.util.BitSet", Shape.BIT_SET),
          Map.entry("java.util.concurrent.CompletableFuture", Shape.FUTURE),
          Map.entry("java.util.EnumMap", Shape.ENUM_MAP));

  private ClassFacts() {}

  static long shallow(Object[] facts) {
    return ((long[]) facts[NUMBERS])[SHALLOW];
  }

  static Shape shape(Object[] facts) {
    return Shape.ofOrdinal((int) ((long[]) facts[NUMBERS])[SHAPE]);
  }

  /** Computes the facts of one class; called once per class and estimator by its ClassValue. */
  @SuppressWarnings("EnumOrdinal") // Deliberate: the ordinal is what keeps the enum out.
  static Object[] compute(Class<?> type, ObjectLayout layout) {
    if (type.isArray()) {
      Class<?> component = type.getComponentType();
      Shape shape = component.isPrimitive() ? Shape.PRIMITIVE_ARRAY : Shape.OBJECT_ARRAY;
      long[] numbers = {
        0, shape.ordinal(), layout.arrayBaseOffset(component), layout.elementBytes(component)
      };
      return new Object[] {numbers, NO_FIELDS, NO_METHODS};
    }
    long shallow = layout.instanceSize(type);
    if (isShared(type)) {
      return facts(shallow, Shape.SHARED, NO_FIELDS, NO_METHODS);
    }
    if (Proxy.isProxyClass(type)) {
      // Its own fields are static Methods; what it retains is behind the handler in Proxy.h.
      return facts(shallow, Shape.PROXY, NO_FIELDS, NO_METHODS);
    }
    @Nullable Class<?> known = null;
    @Nullable Shape knownShape = null;
    for (@Nullable Class<?> k = type; k != null; k = k.getSuperclass()) {
      knownShape = jdkShape(k);
      if (knownShape != null) {
        known = k;
        break;
      }
    }
    List<Field> readable = new ArrayList<>();
    int unreadable = 0;
    for (@Nullable Class<?> k = type; k != null && k != known; k = k.getSuperclass()) {
      for (Field field : declaredFields(k)) {
        if (Modifier.isStatic(field.getModifiers())
            || field.getType().isPrimitive()
            || isDerivedCache(field)) {
          continue;
        }
        if (trySetAccessible(field)) {
          readable.add(field);
        } else {
          unreadable++;
        }
      }
    }
    Field[] fields = readable.toArray(NO_FIELDS);
    if (knownShape != null) {
      return facts(shallow, knownShape, fields, NO_METHODS);
    }
    if (unreadable == 0) {
      return facts(shallow, fields.length == 0 ? Shape.LEAF : Shape.FIELDS, fields, NO_METHODS);
    }
    Shape fallback;
    Method[] accessors = NO_METHODS;
    if (type.isRecord() && (accessors = recordAccessors(type)) != NO_METHODS) {
      fallback = Shape.RECORD;
      fields = NO_FIELDS;
    } else if (Map.class.isAssignableFrom(type)) {
      fallback = Shape.GENERIC_MAP;
    } else if (Collection.class.isAssignableFrom(type)) {
      fallback = Shape.GENERIC_COLLECTION;
    } else if (Map.Entry.class.isAssignableFrom(type)) {
      fallback = Shape.MAP_ENTRY;
    } else {
      fallback = fields.length == 0 ? Shape.LEAF : Shape.FIELDS;
    }
    LOGGER.log(
        Level.DEBUG,
        "Larder size estimator: {0} reference field(s) of {1} cannot be read; measured as {2}",
        unreadable,
        type.getName(),
        fallback);
    return facts(shallow, fallback, fields, accessors);
  }

  @SuppressWarnings("EnumOrdinal") // Deliberate: the ordinal is what keeps the enum out.
  private static Object[] facts(long shallow, Shape shape, Field[] fields, Method[] accessors) {
    return new Object[] {new long[] {shallow, shape.ordinal(), 0, 0}, fields, accessors};
  }

  /** Classes whose instances are global or interned: counting them per entry would be wrong. */
  private static boolean isShared(Class<?> type) {
    if (Enum.class.isAssignableFrom(type)
        || type == Class.class
        || type == Module.class
        || type == ModuleLayer.class
        || type == Locale.class
        || type == MethodType.class
        || ClassLoader.class.isAssignableFrom(type)
        || Thread.class.isAssignableFrom(type)
        || ThreadGroup.class.isAssignableFrom(type)
        || ZoneId.class.isAssignableFrom(type)
        || Charset.class.isAssignableFrom(type)
        || AccessibleObject.class.isAssignableFrom(type)
        || MethodHandle.class.isAssignableFrom(type)) {
      return true;
    }
    // Collections.emptyList() and friends are singletons.
    return isJdkClass(type) && type.getName().startsWith("java.util.Collections$Empty");
  }

  private static @Nullable Shape jdkShape(Class<?> type) {
    if (!isJdkClass(type)) {
      return null;
    }
    String name = type.getName();
    Shape shape = JDK_SHAPES.get(name);
    if (shape != null) {
      return shape;
    }
    if (Buffer.class.isAssignableFrom(type)) {
      return Shape.BUFFER;
    }
    boolean container = Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type);
    if (container
        && (name.startsWith("java.util.Collections$Unmodifiable")
            || name.startsWith("java.util.Collections$Synchronized")
            || name.startsWith("java.util.Collections$Checked"))) {
      return Shape.WRAPPER;
    }
    return null;
  }

  private static boolean isJdkClass(Class<?> type) {
    @Nullable ClassLoader loader = type.getClassLoader();
    return loader == null || loader == ClassLoader.getPlatformClassLoader();
  }

  /** Fields that only cache views derived from the object (AbstractMap's keySet and values). */
  private static boolean isDerivedCache(Field field) {
    return field.getDeclaringClass() == java.util.AbstractMap.class;
  }

  private static Field[] declaredFields(Class<?> type) {
    try {
      return type.getDeclaredFields();
    } catch (LinkageError | SecurityException e) {
      return NO_FIELDS;
    }
  }

  private static boolean trySetAccessible(AccessibleObject member) {
    try {
      return member.trySetAccessible();
    } catch (SecurityException e) {
      return false;
    }
  }

  /** Returns the accessors of a record's reference components, or NO_METHODS if not callable. */
  private static Method[] recordAccessors(Class<?> type) {
    @Nullable RecordComponent[] components = type.getRecordComponents();
    if (components == null) {
      return NO_METHODS;
    }
    List<Method> accessors = new ArrayList<>();
    for (RecordComponent component : components) {
      if (component.getType().isPrimitive()) {
        continue;
      }
      Method accessor = component.getAccessor();
      if (!trySetAccessible(accessor)) {
        return NO_METHODS;
      }
      accessors.add(accessor);
    }
    return accessors.isEmpty() ? NO_METHODS : accessors.toArray(NO_METHODS);
  }
}
