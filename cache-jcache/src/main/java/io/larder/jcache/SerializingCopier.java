package io.larder.jcache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import javax.cache.CacheException;

/**
 * The store-by-value copier: Java serialization, with a fast path that returns instances of
 * immutable JDK types (strings, boxed primitives, enums, {@code java.time} values and a few others)
 * as they are. Classes are resolved through the cache manager's class loader.
 */
final class SerializingCopier implements Copier {
  /** Exact classes whose instances cannot change, so that sharing them is a faithful copy. */
  private static final Set<Class<?>> IMMUTABLE =
      Set.of(
          String.class,
          Boolean.class,
          Byte.class,
          Short.class,
          Character.class,
          Integer.class,
          Long.class,
          Float.class,
          Double.class,
          BigInteger.class,
          BigDecimal.class,
          UUID.class,
          URI.class,
          Locale.class,
          Class.class,
          Duration.class,
          Period.class,
          Instant.class,
          LocalDate.class,
          LocalTime.class,
          LocalDateTime.class,
          OffsetDateTime.class,
          OffsetTime.class,
          ZonedDateTime.class,
          ZoneOffset.class,
          Year.class,
          YearMonth.class,
          MonthDay.class);

  static final SerializingCopier INSTANCE = new SerializingCopier();

  private SerializingCopier() {}

  @Override
  public <T> T copy(T object, ClassLoader classLoader) {
    if (isImmutable(object)) {
      return object;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    } catch (NotSerializableException e) {
      throw new IllegalArgumentException(
          "A cache that stores by value needs serializable keys "
              + "and values, but "
              + object.getClass().getName()
              + " is not serializable",
          e);
    } catch (IOException e) {
      throw new CacheException("Failed to copy an instance of " + object.getClass().getName(), e);
    }
    try (ObjectInputStream in =
        new LoaderObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()), classLoader)) {
      @SuppressWarnings("unchecked")
      T copy = (T) in.readObject();
      return copy;
    } catch (IOException | ClassNotFoundException e) {
      throw new CacheException("Failed to copy an instance of " + object.getClass().getName(), e);
    }
  }

  private static boolean isImmutable(Object object) {
    return IMMUTABLE.contains(object.getClass()) || (object instanceof Enum<?>);
  }

  /** Resolves classes through the given loader first, then as the JDK would. */
  private static final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader classLoader;

    LoaderObjectInputStream(InputStream in, ClassLoader classLoader) throws IOException {
      super(in);
      this.classLoader = classLoader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, classLoader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
