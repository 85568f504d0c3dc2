package io.larder.cache.internal.memory;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sizes of the internal structures of JDK collections that the estimator cannot read (their fields
 * are in modules not open to it), computed from their public size and the JDK's sizing rules.
 *
 * <p>Node sizes come from the JDK's own node classes ({@code HashMap$Node}, {@code TreeMap$Entry},
 * and so on) laid out by {@link ObjectLayout} from their declared fields, so they follow the
 * running JDK. Backing arrays whose capacity is not observable ({@code ArrayList}, {@code
 * ArrayDeque}, hash tables) are sized by the growth schedule of a collection built with the default
 * constructor and filled one element at a time: a collection presized or copied from another may
 * have a smaller or larger array, which moves the estimate by at most that array's slack (under
 * half of one reference per element for lists, under one per entry for hash tables).
 */
final class JdkStructures {
  private final ObjectLayout layout;
  private final long hashMapNode;
  private final long linkedHashMapEntry;
  private final long treeMapEntry;
  private final long concurrentHashMapNode;
  private final long linkedListNode;
  private final long arrayList;
  private final long linkedList;
  private final long hashMap;
  private final long treeMap;
  private final long copyOnWriteArrayList;
  private final long copyOnWriteLock;

  JdkStructures(ObjectLayout layout) {
    this.layout = layout;
    this.hashMapNode = nodeSize("java.util.HashMap$Node", 3, 1);
    this.linkedHashMapEntry = nodeSize("java.util.LinkedHashMap$Entry", 5, 1);
    this.treeMapEntry = nodeSize("java.util.TreeMap$Entry", 5, 1);
    this.concurrentHashMapNode = nodeSize("java.util.concurrent.ConcurrentHashMap$Node", 3, 1);
    this.linkedListNode = nodeSize("java.util.LinkedList$Node", 3, 0);
    this.arrayList = layout.instanceSize(ArrayList.class);
    this.linkedList = layout.instanceSize(LinkedList.class);
    this.hashMap = layout.instanceSize(HashMap.class);
    this.treeMap = layout.instanceSize(TreeMap.class);
    this.copyOnWriteArrayList = layout.instanceSize(CopyOnWriteArrayList.class);
    this.copyOnWriteLock =
        declaresObjectField(CopyOnWriteArrayList.class, "lock")
            ? layout.instanceSize(Object.class)
            : 0;
  }

  /**
   * Returns the bytes of the structures a collection or map of a given shape holds beyond its own
   * shallow size and its elements.
   */
  long structure(Shape shape, Object container) {
    return switch (shape) {
      case ARRAY_LIST -> arrayListArray(size(container));
      case EXACT_ARRAY_LIST, IMMUTABLE_LIST_N -> layout.referenceArraySize(size(container));
      case COPY_ON_WRITE_LIST -> copyOnWriteLock + layout.referenceArraySize(size(container));
      case COPY_ON_WRITE_SET ->
          copyOnWriteArrayList + copyOnWriteLock + layout.referenceArraySize(size(container));
      case LINKED_LIST -> size(container) * linkedListNode;
      case ARRAY_DEQUE -> layout.referenceArraySize(arrayDequeCapacity(size(container)));
      case HASH_MAP -> hashTable(size(container), hashMapNode);
      case LINKED_HASH_MAP -> hashTable(size(container), linkedHashMapEntry);
      case HASH_SET -> hashMap + hashTable(size(container), hashMapNode);
      case LINKED_HASH_SET -> hashMap + hashTable(size(container), linkedHashMapEntry);
      case TREE_MAP -> size(container) * treeMapEntry;
      case TREE_SET -> treeMap + size(container) * treeMapEntry;
      case CONCURRENT_HASH_MAP -> concurrentHashTable(size(container));
      case IMMUTABLE_SET_N -> layout.referenceArraySize(2 * size(container));
      case IMMUTABLE_MAP_N -> layout.referenceArraySize(4 * size(container));
      case ENUM_MAP -> enumMapValues((EnumMap<?, ?>) container);
      case WRAPPER -> guessedStructure(true, container);
      case GENERIC_COLLECTION, GENERIC_MAP -> guessedStructure(false, container);
      default -> 0;
    };
  }

  private static int size(Object container) {
    return container instanceof Map<?, ?> map ? map.size() : ((Collection<?>) container).size();
  }

  /**
   * Guesses the structure of a collection that cannot be read from the interfaces it implements: a
   * tree for sorted ones, a hash table for other sets and maps, a linked list for sequential lists,
   * an array otherwise. A wrapper ({@code Collections.unmodifiableMap} and the like) also counts
   * the wrapped collection object itself, which it hides.
   */
  private long guessedStructure(boolean wrapper, Object container) {
    int size = size(container);
    if (container instanceof Map) {
      if (container instanceof SortedMap) {
        return (wrapper ? treeMap : 0) + size * treeMapEntry;
      }
      return (wrapper ? hashMap : 0) + hashTable(size, hashMapNode);
    }
    if (container instanceof SortedSet) {
      return (wrapper ? layout.instanceSize(TreeSet.class) : 0) + treeMap + size * treeMapEntry;
    }
    if (container instanceof Set) {
      return (wrapper ? layout.instanceSize(HashSet.class) : 0)
          + hashMap
          + hashTable(size, hashMapNode);
    }
    if (container instanceof List && !(container instanceof RandomAccess)) {
      return (wrapper ? linkedList : 0) + size * linkedListNode;
    }
    return wrapper ? arrayList + arrayListArray(size) : layout.referenceArraySize(size);
  }

  private long arrayListArray(int size) {
    return size == 0 ? 0 : layout.referenceArraySize(arrayListCapacity(size));
  }

  /** ArrayList: 10 on the first add, then grows by half (JDK 8 to 25). */
  static int arrayListCapacity(int size) {
    long capacity = 10;
    while (capacity < size) {
      capacity += capacity >> 1;
    }
    return (int) Math.min(capacity, Integer.MAX_VALUE - 8);
  }

  /** ArrayDeque: 16 + 1 slots, doubling plus 2 below 64, then growing by half (JDK 9 to 25). */
  static int arrayDequeCapacity(int size) {
    long capacity = 17;
    while (capacity - 1 < size) {
      capacity += capacity < 64 ? capacity + 2 : capacity >> 1;
    }
    return (int) Math.min(capacity, Integer.MAX_VALUE - 8);
  }

  /** HashMap: table of 16 on the first put, doubling when size exceeds 3/4 of it. */
  static int hashMapTableLength(int size) {
    if (size == 0) {
      return 0;
    }
    long length = 16;
    while (size > length * 3 / 4) {
      length <<= 1;
    }
    return (int) Math.min(length, 1 << 30);
  }

  /** ConcurrentHashMap: table of 16, doubling when size reaches 3/4 of it. */
  static int concurrentHashMapTableLength(int size) {
    if (size == 0) {
      return 0;
    }
    long length = 16;
    while (size >= length - (length >>> 2)) {
      length <<= 1;
    }
    return (int) Math.min(length, 1 << 30);
  }

  private long hashTable(int size, long nodeBytes) {
    int length = hashMapTableLength(size);
    return (length == 0 ? 0 : layout.referenceArraySize(length)) + size * nodeBytes;
  }

  private long concurrentHashTable(int size) {
    int length = concurrentHashMapTableLength(size);
    return (length == 0 ? 0 : layout.referenceArraySize(length)) + size * concurrentHashMapNode;
  }

  private long enumMapValues(EnumMap<?, ?> map) {
    if (map.isEmpty()) {
      return 0;
    }
    // The values array has one slot per constant of the key type, found from any key.
    Enum<?> key = (Enum<?>) map.keySet().iterator().next();
    Object[] constants = key.getDeclaringClass().getEnumConstants();
    return layout.referenceArraySize(constants.length);
  }

  /** Returns the size of the JDK's node class by name, or a synthetic one if it is not found. */
  private long nodeSize(String className, int references, int ints) {
    try {
      return layout.instanceSize(Class.forName(className, false, null));
    } catch (ClassNotFoundException | LinkageError e) {
      return layout.alignObject(
          layout.headerBytes() + (long) references * layout.referenceBytes() + 4L * ints);
    }
  }

  private static boolean declaresObjectField(Class<?> type, String name) {
    for (Field field : type.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers())
          && field.getName().equals(name)
          && field.getType() == Object.class) {
        return true;
      }
    }
    return false;
  }
}
