package io.larder.cache.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layout arithmetic: known HotSpot figures for each flag combination, and agreement with what JOL
 * reads from the running JVM's actual field offsets.
 *
 * <p>The figures for other layouts were confirmed by hand with JOL 0.17 on Temurin 25.0.3 and
 * OpenJDK 17.0.15 under {@code -XX:+UseCompactObjectHeaders}, {@code -XX:-UseCompressedOops},
 * {@code -XX:-UseCompressedClassPointers} and {@code -XX:ObjectAlignmentInBytes=16}.
 */
class ObjectLayoutTest {

  private static final ObjectLayout COMPRESSED =
      ObjectLayout.builder().javaFeatureVersion(25).build();
  private static final ObjectLayout UNCOMPRESSED_OOPS =
      ObjectLayout.builder().javaFeatureVersion(25).compressedOops(false).build();
  private static final ObjectLayout COMPACT =
      ObjectLayout.builder().javaFeatureVersion(25).compactHeaders(true).build();
  private static final ObjectLayout COMPACT_UNCOMPRESSED_OOPS =
      ObjectLayout.builder()
          .javaFeatureVersion(25)
          .compactHeaders(true)
          .compressedOops(false)
          .build();

  @Test
  void compressedOopsAndClassPointersMatchHotSpotFigures() {
    assertThat(COMPRESSED.headerBytes()).isEqualTo(12);
    assertThat(COMPRESSED.referenceBytes()).isEqualTo(4);
    assertThat(COMPRESSED.instanceSize(Object.class)).isEqualTo(16);
    assertThat(COMPRESSED.instanceSize(Integer.class)).isEqualTo(16);
    assertThat(COMPRESSED.instanceSize(Long.class)).isEqualTo(24);
    assertThat(COMPRESSED.instanceSize(String.class)).isEqualTo(24);
    assertThat(COMPRESSED.instanceSize(ArrayList.class)).isEqualTo(24);
    assertThat(COMPRESSED.instanceSize(HashMap.class)).isEqualTo(48);
    assertThat(COMPRESSED.arraySize(byte.class, 0)).isEqualTo(16);
    assertThat(COMPRESSED.arraySize(byte.class, 4)).isEqualTo(24);
    assertThat(COMPRESSED.arraySize(int.class, 1)).isEqualTo(24);
    assertThat(COMPRESSED.arraySize(long.class, 1)).isEqualTo(24);
    assertThat(COMPRESSED.arraySize(Object.class, 0)).isEqualTo(16);
    assertThat(COMPRESSED.arraySize(Object.class, 1)).isEqualTo(24);
  }

  @Test
  void humongousObjectsUnderG1TakeWholeRegions() {
    long mb = 1 << 20;
    ObjectLayout g1 = ObjectLayout.builder().javaFeatureVersion(25).g1RegionBytes(mb).build();
    // Up to half a region, an array is sized as without regions.
    assertThat(g1.arraySize(byte.class, 1000)).isEqualTo(COMPRESSED.arraySize(byte.class, 1000));
    assertThat(g1.arraySize(byte.class, (int) (mb / 2) - 16)).isEqualTo(mb / 2);
    // Above half a region it takes whole regions of its own.
    assertThat(g1.arraySize(byte.class, (int) (mb / 2))).isEqualTo(mb);
    assertThat(g1.arraySize(byte.class, (int) mb)).isEqualTo(2 * mb);
    assertThat(g1.arraySize(long.class, (int) (2 * mb / 8))).isEqualTo(3 * mb);
    assertThat(g1.alignObject(3 * mb)).isEqualTo(3 * mb);
    assertThat(g1.g1RegionBytes()).isEqualTo(mb);
    assertThat(COMPRESSED.g1RegionBytes()).isZero();
    assertThatThrownBy(() -> ObjectLayout.builder().g1RegionBytes(3 * mb).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("g1RegionBytes")
        .hasMessageContaining(Long.toString(3 * mb));
  }

  @Test
  void runningJvmLayoutReadsTheG1RegionSize() {
    var bean =
        java.lang.management.ManagementFactory.getPlatformMXBean(
            com.sun.management.HotSpotDiagnosticMXBean.class);
    boolean g1 = Boolean.parseBoolean(bean.getVMOption("UseG1GC").getValue());
    long region = g1 ? Long.parseLong(bean.getVMOption("G1HeapRegionSize").getValue()) : 0;
    assertThat(ObjectLayout.forCurrentJvm().g1RegionBytes()).isEqualTo(region);
  }

  @Test
  void uncompressedOopsMatchHotSpotFigures() {
    assertThat(UNCOMPRESSED_OOPS.headerBytes()).isEqualTo(12);
    assertThat(UNCOMPRESSED_OOPS.referenceBytes()).isEqualTo(8);
    assertThat(UNCOMPRESSED_OOPS.instanceSize(Object.class)).isEqualTo(16);
    assertThat(UNCOMPRESSED_OOPS.instanceSize(Integer.class)).isEqualTo(16);
    assertThat(UNCOMPRESSED_OOPS.instanceSize(Long.class)).isEqualTo(24);
    assertThat(UNCOMPRESSED_OOPS.instanceSize(String.class)).isEqualTo(32);
    assertThat(UNCOMPRESSED_OOPS.instanceSize(ArrayList.class)).isEqualTo(32);
    assertThat(UNCOMPRESSED_OOPS.instanceSize(HashMap.class)).isEqualTo(64);
    assertThat(UNCOMPRESSED_OOPS.arraySize(byte.class, 4)).isEqualTo(24);
    assertThat(UNCOMPRESSED_OOPS.arraySize(Object.class, 0)).isEqualTo(16);
    assertThat(UNCOMPRESSED_OOPS.arraySize(Object.class, 1)).isEqualTo(24);
  }

  @Test
  void compactHeadersMatchHotSpotFigures() {
    assertThat(COMPACT.headerBytes()).isEqualTo(8);
    assertThat(COMPACT.instanceSize(Object.class)).isEqualTo(8);
    assertThat(COMPACT.instanceSize(Integer.class)).isEqualTo(16);
    assertThat(COMPACT.instanceSize(Long.class)).isEqualTo(16);
    assertThat(COMPACT.instanceSize(String.class)).isEqualTo(24);
    assertThat(COMPACT.instanceSize(ArrayList.class)).isEqualTo(24);
    assertThat(COMPACT.instanceSize(HashMap.class)).isEqualTo(40);
    assertThat(COMPACT.arrayBaseOffset(byte.class)).isEqualTo(12);
    assertThat(COMPACT.arrayBaseOffset(long.class)).isEqualTo(16);
    assertThat(COMPACT.arraySize(byte.class, 0)).isEqualTo(16);
    assertThat(COMPACT.arraySize(byte.class, 4)).isEqualTo(16);
    assertThat(COMPACT.arraySize(int.class, 1)).isEqualTo(16);
    assertThat(COMPACT.arraySize(long.class, 1)).isEqualTo(24);
    assertThat(COMPACT.arraySize(Object.class, 1)).isEqualTo(16);
  }

  @Test
  void compactHeadersWithUncompressedOopsMatchHotSpotFigures() {
    assertThat(COMPACT_UNCOMPRESSED_OOPS.headerBytes()).isEqualTo(8);
    assertThat(COMPACT_UNCOMPRESSED_OOPS.referenceBytes()).isEqualTo(8);
    assertThat(COMPACT_UNCOMPRESSED_OOPS.instanceSize(Object.class)).isEqualTo(8);
    assertThat(COMPACT_UNCOMPRESSED_OOPS.instanceSize(String.class)).isEqualTo(24);
    assertThat(COMPACT_UNCOMPRESSED_OOPS.instanceSize(ArrayList.class)).isEqualTo(24);
    assertThat(COMPACT_UNCOMPRESSED_OOPS.instanceSize(HashMap.class)).isEqualTo(56);
    assertThat(COMPACT_UNCOMPRESSED_OOPS.arrayBaseOffset(Object.class)).isEqualTo(16);
    assertThat(COMPACT_UNCOMPRESSED_OOPS.arraySize(Object.class, 0)).isEqualTo(16);
    assertThat(COMPACT_UNCOMPRESSED_OOPS.arraySize(Object.class, 1)).isEqualTo(24);
    assertThat(COMPACT_UNCOMPRESSED_OOPS.arraySize(byte.class, 4)).isEqualTo(16);
  }

  @Test
  void uncompressedClassPointersAlignArraysByJavaVersion() {
    ObjectLayout java17 =
        ObjectLayout.builder().javaFeatureVersion(17).compressedClassPointers(false).build();
    ObjectLayout java25 =
        ObjectLayout.builder().javaFeatureVersion(25).compressedClassPointers(false).build();

    assertThat(java17.headerBytes()).isEqualTo(16);
    assertThat(java17.instanceSize(Integer.class)).isEqualTo(24);
    assertThat(java17.arrayBaseOffset(byte.class)).isEqualTo(24);
    assertThat(java17.arraySize(byte.class, 4)).isEqualTo(32);
    assertThat(java17.arraySize(Object.class, 1)).isEqualTo(32);
    // JDK 22+ (JDK-8139457): elements follow the length, aligned only to their own size.
    assertThat(java25.arrayBaseOffset(byte.class)).isEqualTo(20);
    assertThat(java25.arrayBaseOffset(long.class)).isEqualTo(24);
    assertThat(java25.arraySize(byte.class, 4)).isEqualTo(24);
    assertThat(java25.arraySize(Object.class, 1)).isEqualTo(24);
    assertThat(java25.arraySize(long.class, 1)).isEqualTo(32);
  }

  @Test
  void largerObjectAlignmentRoundsEverySize() {
    ObjectLayout aligned16 = ObjectLayout.builder().alignment(16).build();

    assertThat(aligned16.instanceSize(Object.class)).isEqualTo(16);
    assertThat(aligned16.instanceSize(Long.class)).isEqualTo(32);
    assertThat(aligned16.instanceSize(String.class)).isEqualTo(32);
    assertThat(aligned16.instanceSize(ArrayList.class)).isEqualTo(32);
    assertThat(aligned16.instanceSize(HashMap.class)).isEqualTo(48);
  }

  @Test
  void subclassFieldsFillGapsInTheSuperclassLayout() {
    // long at 16 leaves 12..16 empty; the subclass's int goes there (JOL: D.i at 12).
    assertThat(COMPRESSED.instanceSize(LongHolder.class)).isEqualTo(24);
    assertThat(COMPRESSED.instanceSize(LongThenInt.class)).isEqualTo(24);
    // With an 8-byte header the long sits at 8 and the int goes to the tail: 20, rounded to 24.
    assertThat(COMPACT.instanceSize(LongHolder.class)).isEqualTo(16);
    assertThat(COMPACT.instanceSize(LongThenInt.class)).isEqualTo(24);
    // Booleans pack into the superclass's tail: 12, 13, and the size stays 16.
    assertThat(COMPRESSED.instanceSize(BooleanThenBoolean.class)).isEqualTo(16);
  }

  @Test
  void withoutEmptySlotsInSupersSubclassFieldsOnlyAppend() {
    ObjectLayout noEmptySlots =
        ObjectLayout.builder().javaFeatureVersion(17).emptySlotsInSupers(false).build();

    // long at 16, then the subclass's int appended at 24: 28, rounded to 32.
    assertThat(noEmptySlots.instanceSize(LongThenInt.class)).isEqualTo(32);
  }

  @Test
  void rejectsInconsistentFlags() {
    assertThatThrownBy(
            () ->
                ObjectLayout.builder().compactHeaders(true).compressedClassPointers(false).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compactHeaders");
    assertThatThrownBy(() -> ObjectLayout.builder().alignment(12).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alignment");
    assertThatThrownBy(() -> COMPRESSED.instanceSize(int[].class))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> COMPRESSED.arraySize(int.class, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("classes")
  void instanceSizeMatchesTheRunningJvm(Class<?> type) {
    assertThat(ObjectLayout.forCurrentJvm().instanceSize(type)).isEqualTo(Jol.instanceSize(type));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arrayTypes")
  void arraySizeMatchesTheRunningJvm(Class<?> componentType) {
    ObjectLayout layout = ObjectLayout.forCurrentJvm();
    for (int length : new int[] {0, 1, 2, 3, 5, 8, 13, 100}) {
      Object array = java.lang.reflect.Array.newInstance(componentType, length);
      assertThat(layout.arraySize(componentType, length))
          .as("%s[%d]", componentType.getSimpleName(), length)
          .isEqualTo(Jol.shallowSize(array));
    }
  }

  static Stream<Class<?>> classes() throws ClassNotFoundException {
    return Stream.of(
        Object.class,
        Boolean.class,
        Byte.class,
        Character.class,
        Short.class,
        Integer.class,
        Float.class,
        Long.class,
        Double.class,
        String.class,
        StringBuilder.class,
        BigInteger.class,
        BigDecimal.class,
        UUID.class,
        Optional.class,
        LocalDate.class,
        LocalTime.class,
        LocalDateTime.class,
        OffsetDateTime.class,
        ZonedDateTime.class,
        Instant.class,
        Duration.class,
        ArrayList.class,
        LinkedList.class,
        ArrayDeque.class,
        HashMap.class,
        LinkedHashMap.class,
        HashSet.class,
        TreeMap.class,
        ConcurrentHashMap.class,
        BitSet.class,
        AtomicLong.class,
        AtomicReference.class,
        Class.forName("java.util.HashMap$Node"),
        Class.forName("java.util.HashMap$TreeNode"),
        Class.forName("java.util.LinkedHashMap$Entry"),
        Class.forName("java.util.TreeMap$Entry"),
        Class.forName("java.util.LinkedList$Node"),
        Class.forName("java.util.concurrent.ConcurrentHashMap$Node"),
        Class.forName("java.util.ImmutableCollections$ListN"),
        Class.forName("java.util.ImmutableCollections$SetN"),
        Class.forName("java.util.ImmutableCollections$MapN"),
        LongHolder.class,
        LongThenInt.class,
        BooleanHolder.class,
        BooleanThenBoolean.class,
        Mixed.class,
        MixedChild.class,
        MixedGrandChild.class,
        ReferencesOnly.class,
        Point.class);
  }

  static Stream<Class<?>> arrayTypes() {
    return Stream.of(
        boolean.class,
        byte.class,
        char.class,
        short.class,
        int.class,
        float.class,
        long.class,
        double.class,
        Object.class,
        String.class);
  }

  static class LongHolder {
    long l;
  }

  static class LongThenInt extends LongHolder {
    int i;
  }

  static class BooleanHolder {
    boolean a;
  }

  static class BooleanThenBoolean extends BooleanHolder {
    boolean b;
  }

  static class Mixed {
    byte b;
    long l;
    Object o;
    short s;
    int i;
    char c;
    double d;
    Object p;
    boolean z;
  }

  static class MixedChild extends Mixed {
    byte b2;
    int i2;
    Object o2;
    short s2;
  }

  static class MixedGrandChild extends MixedChild {
    long l3;
    boolean z3;
    byte b3;
    Object o3;
  }

  static class ReferencesOnly {
    Object a;
    Object b;
    Object c;
  }

  record Point(int x, int y, String label) {}
}
