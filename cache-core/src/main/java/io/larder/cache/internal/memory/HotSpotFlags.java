package io.larder.cache.internal.memory;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import org.jspecify.annotations.Nullable;

/**
 * The VM flags that decide object sizes, read once from the running JVM.
 *
 * <p>The flags come from {@code com.sun.management.HotSpotDiagnosticMXBean#getVMOption}, which
 * needs the {@code java.management} and {@code jdk.management} modules. The library declares them
 * {@code requires static}, so they may be missing at run time (a jlinked image, or a module graph
 * that does not resolve them); each flag that cannot be read, and every flag on a JVM that is not
 * HotSpot, falls back to HotSpot's default for this heap size:
 *
 * <ul>
 *   <li>{@code UseCompressedOops}: on if the system property {@code java.vm.compressedOopsMode},
 *       which HotSpot sets only when references are compressed, is present; when that property is
 *       absent too, on if the maximum heap is under 32 GiB;
 *   <li>{@code UseCompressedClassPointers}: on; {@code ObjectAlignmentInBytes}: 8;
 *   <li>{@code UseCompactObjectHeaders} (JDK 24 and later, absent before): off, which overestimates
 *       by 4 bytes an object if it was on;
 *   <li>{@code CompactStrings}: on; {@code UseEmptySlotsInSupers} (JDK 15 to 23): on.
 * </ul>
 *
 * <p>The layout found and where it came from are logged once through {@link System.Logger} at
 * {@code DEBUG}.
 */
final class HotSpotFlags {
  private static final System.Logger LOGGER = System.getLogger(HotSpotFlags.class.getName());
  private static final long COMPRESSED_OOPS_HEAP_LIMIT = 32L << 30;

  private final ObjectLayout layout;
  private final boolean compactStrings;
  private final String source;

  private HotSpotFlags(ObjectLayout layout, boolean compactStrings, String source) {
    this.layout = layout;
    this.compactStrings = compactStrings;
    this.source = source;
  }

  /** Returns the flags of the running JVM, read on first use. */
  static HotSpotFlags current() {
    return Holder.INSTANCE;
  }

  ObjectLayout layout() {
    return layout;
  }

  boolean compactStrings() {
    return compactStrings;
  }

  String source() {
    return source;
  }

  private static HotSpotFlags read() {
    @Nullable OptionReader reader;
    try {
      reader = OptionReader.create();
    } catch (LinkageError e) {
      // Loading the reader itself needed a missing management class.
      reader = null;
    }
    String vmName = System.getProperty("java.vm.name", "");
    boolean hotSpot = vmName.contains("HotSpot") || vmName.contains("OpenJDK");
    String source;
    if (reader == null) {
      source = "defaults (HotSpotDiagnosticMXBean unavailable; VM " + vmName + ")";
    } else if (!hotSpot) {
      source = "HotSpotDiagnosticMXBean where readable, else defaults (VM " + vmName + ")";
    } else {
      source = "HotSpotDiagnosticMXBean (VM " + vmName + ")";
    }
    boolean compressedOops = flag(reader, "UseCompressedOops", defaultCompressedOops());
    boolean compactHeaders = flag(reader, "UseCompactObjectHeaders", false);
    boolean compressedClassPointers =
        compactHeaders || flag(reader, "UseCompressedClassPointers", true);
    int alignment = (int) longFlag(reader, "ObjectAlignmentInBytes", 8);
    boolean emptySlots = flag(reader, "UseEmptySlotsInSupers", true);
    boolean compactStrings = flag(reader, "CompactStrings", true);
    long g1RegionBytes =
        flag(reader, "UseG1GC", false) ? longFlag(reader, "G1HeapRegionSize", 0) : 0;
    ObjectLayout layout;
    try {
      layout =
          ObjectLayout.builder()
              .compressedOops(compressedOops)
              .compressedClassPointers(compressedClassPointers)
              .compactHeaders(compactHeaders)
              .alignment(alignment)
              .emptySlotsInSupers(emptySlots)
              .g1RegionBytes(g1RegionBytes)
              .build();
    } catch (IllegalArgumentException e) {
      layout = ObjectLayout.builder().build();
      source = "HotSpot defaults (unusable flags: " + e.getMessage() + ")";
    }
    var flags = new HotSpotFlags(layout, compactStrings, source);
    LOGGER.log(
        Level.DEBUG,
        "Larder size estimator: {0}, compactStrings={1}, from {2}",
        layout,
        compactStrings,
        source);
    return flags;
  }

  private static boolean defaultCompressedOops() {
    if (System.getProperty("java.vm.compressedOopsMode") != null) {
      return true;
    }
    return Runtime.getRuntime().maxMemory() < COMPRESSED_OOPS_HEAP_LIMIT;
  }

  private static boolean flag(@Nullable OptionReader reader, String name, boolean fallback) {
    @Nullable String value = reader == null ? null : reader.read(name);
    return value == null ? fallback : Boolean.parseBoolean(value);
  }

  private static long longFlag(@Nullable OptionReader reader, String name, long fallback) {
    @Nullable String value = reader == null ? null : reader.read(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** Lazy holder: the flags are read on first use, not when this class is loaded. */
  private static final class Holder {
    static final HotSpotFlags INSTANCE = read();
  }

  /**
   * Reads VM options through the diagnostic MXBean. Kept in its own class so that its references to
   * {@code java.management} and {@code jdk.management} are resolved only inside the {@code try} of
   * {@link #create()}, where their absence is caught.
   */
  private static final class OptionReader {
    private final com.sun.management.HotSpotDiagnosticMXBean bean;

    private OptionReader(com.sun.management.HotSpotDiagnosticMXBean bean) {
      this.bean = requireNonNull(bean);
    }

    static @Nullable OptionReader create() {
      try {
        return new OptionReader(
            ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class));
      } catch (LinkageError | RuntimeException e) {
        // No management modules, no such MXBean on this VM, or a security manager said no.
        return null;
      }
    }

    /** Returns the option's value, or null if the VM has no such option. */
    @Nullable String read(String name) {
      try {
        return bean.getVMOption(name).getValue();
      } catch (LinkageError | RuntimeException e) {
        return null;
      }
    }
  }
}
