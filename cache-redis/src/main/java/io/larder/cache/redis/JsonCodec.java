package io.larder.cache.redis;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A codec of values as JSON through Jackson 2 ({@code jackson-databind}, an optional dependency of
 * this module: add it to use this class).
 *
 * <p>Values are read as the declared type only. A mapper with default typing activated (which reads
 * class names from the stored JSON, the same remote-code-execution risk as Java serialization) is
 * refused.
 *
 * @param <T> the type of values
 */
public final class JsonCodec<T> implements Codec<T> {

  private final ObjectMapper mapper;
  private final JavaType type;

  private JsonCodec(ObjectMapper mapper, JavaType type) {
    if (mapper.getDeserializationConfig().getDefaultTyper(mapper.constructType(Object.class))
        != null) {
      throw new IllegalArgumentException(
          "JsonCodec refuses an ObjectMapper with default typing activated: it would read class"
              + " names from Redis");
    }
    this.mapper = mapper;
    this.type = type;
  }

  /** Returns a codec of {@code type} with a plain {@code ObjectMapper}. */
  public static <T> JsonCodec<T> of(Class<T> type) {
    return of(new ObjectMapper(), type);
  }

  /** Returns a codec of {@code type} with the given mapper (modules, naming, dates). */
  public static <T> JsonCodec<T> of(ObjectMapper mapper, Class<T> type) {
    requireNonNull(mapper, "mapper");
    return new JsonCodec<>(mapper, mapper.constructType(requireNonNull(type, "type")));
  }

  /** Returns a codec of a generic type, for example {@code new TypeReference<List<Item>>() {}}. */
  public static <T> JsonCodec<T> of(ObjectMapper mapper, TypeReference<T> type) {
    requireNonNull(mapper, "mapper");
    return new JsonCodec<>(mapper, mapper.constructType(requireNonNull(type, "type")));
  }

  /**
   * Returns a codec of a type built at run time, for example from {@code
   * mapper.getTypeFactory().constructFromCanonical("java.util.List<com.example.Item>")}.
   */
  public static <T> JsonCodec<T> of(ObjectMapper mapper, JavaType type) {
    requireNonNull(mapper, "mapper");
    return new JsonCodec<>(mapper, requireNonNull(type, "type"));
  }

  @Override
  public byte[] encode(T value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot write " + type + " as JSON", e);
    }
  }

  @Override
  public T decode(byte[] bytes) {
    try {
      return mapper.readValue(bytes, type);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + type + " from JSON", e);
    }
  }
}
