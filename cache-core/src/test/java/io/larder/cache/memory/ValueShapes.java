package io.larder.cache.memory;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * Values that real applications cache and that a size estimator can miss: buffers, bit sets,
 * futures, proxies, hand-written linked structures, deep nesting, and linked lists of small boxes.
 * Each shape makes a new value of about the given number of bytes (the largest sizes are those of
 * issue 19's table), used by the estimator's accuracy test and by {@link ShapeBoundScenario}.
 */
public final class ValueShapes {
  /** Bytes of payload per node of the hand-written linked structures. */
  static final int PAYLOAD = 64;

  private ValueShapes() {}

  /** Returns the shapes, by name, each a function from a size in bytes to a new value. */
  public static Map<String, IntFunction<Object>> all() {
    Map<String, IntFunction<Object>> shapes = new LinkedHashMap<>();
    shapes.put("ByteBuffer.allocate", ByteBuffer::allocate);
    shapes.put("ByteBuffer.wrap", bytes -> ByteBuffer.wrap(new byte[bytes]));
    shapes.put("read-only ByteBuffer view", bytes -> ByteBuffer.allocate(bytes).asReadOnlyBuffer());
    shapes.put("LongBuffer.allocate", bytes -> LongBuffer.allocate(bytes / Long.BYTES));
    shapes.put("hand-written linked list", bytes -> chain(bytes / 104));
    shapes.put("hand-written binary tree", bytes -> tree(bytes / 104));
    shapes.put("ArrayList nested deep", bytes -> nestedLists(bytes / 160));
    shapes.put("Object[] nested deep", bytes -> nestedArrays(bytes / 104));
    shapes.put("BitSet", bytes -> bitSet(bytes * 8L));
    shapes.put(
        "completed CompletableFuture",
        bytes -> CompletableFuture.completedFuture(chain(bytes / 104)));
    shapes.put("Proxy whose handler holds the data", bytes -> proxy(new byte[bytes]));
    shapes.put("LinkedList<Integer>, cached boxes first", bytes -> integers(bytes / 40));
    return shapes;
  }

  /** A hand-written singly linked list: each node holds a 64-byte payload (104 bytes a node). */
  static Link chain(int nodes) {
    Link head = null;
    for (int i = 0; i < nodes; i++) {
      head = new Link(new byte[PAYLOAD], head);
    }
    return head;
  }

  /** A balanced hand-written binary tree of {@code nodes} nodes, each with a 64-byte payload. */
  static TreeNode tree(int nodes) {
    return subtree(0, nodes);
  }

  private static TreeNode subtree(int from, int to) {
    if (from >= to) {
      return null;
    }
    int middle = (from + to) >>> 1;
    return new TreeNode(new byte[PAYLOAD], subtree(from, middle), subtree(middle + 1, to));
  }

  /** ArrayLists nested {@code depth} deep, each holding a 64-byte payload and the next list. */
  static List<Object> nestedLists(int depth) {
    List<Object> inner = new ArrayList<>();
    for (int i = 0; i < depth; i++) {
      List<Object> outer = new ArrayList<>();
      outer.add(new byte[PAYLOAD]);
      outer.add(inner);
      inner = outer;
    }
    return inner;
  }

  /** Object[2] nested {@code depth} deep, each holding a 64-byte payload and the next array. */
  static Object[] nestedArrays(int depth) {
    Object[] inner = new Object[0];
    for (int i = 0; i < depth; i++) {
      inner = new Object[] {new byte[PAYLOAD], inner};
    }
    return inner;
  }

  static BitSet bitSet(long bits) {
    int n = (int) Math.min(bits, Integer.MAX_VALUE);
    BitSet set = new BitSet(n);
    set.set(n - 1);
    return set;
  }

  static Object proxy(byte[] data) {
    return Proxy.newProxyInstance(
        ValueShapes.class.getClassLoader(), new Class<?>[] {Runnable.class}, new DataHandler(data));
  }

  /** A LinkedList of 0, 1, 2, ...: the first 128 are the JDK's cached boxes, the rest are not. */
  static LinkedList<Integer> integers(int count) {
    LinkedList<Integer> list = new LinkedList<>();
    for (int i = 0; i < count; i++) {
      list.add(i);
    }
    return list;
  }

  /** A node of a hand-written linked list. */
  static final class Link {
    final byte[] payload;
    final Link next;

    Link(byte[] payload, Link next) {
      this.payload = payload;
      this.next = next;
    }
  }

  /** A node of a hand-written binary tree. */
  static final class TreeNode {
    final byte[] payload;
    final TreeNode left;
    final TreeNode right;

    TreeNode(byte[] payload, TreeNode left, TreeNode right) {
      this.payload = payload;
      this.left = left;
      this.right = right;
    }
  }

  /** An invocation handler that holds data, as a caching or recording proxy does. */
  static final class DataHandler implements InvocationHandler {
    final byte[] data;

    DataHandler(byte[] data) {
      this.data = data;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      return (method.getReturnType() == void.class) ? null : data.length;
    }
  }
}
