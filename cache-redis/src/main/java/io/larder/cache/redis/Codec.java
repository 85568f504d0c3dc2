package io.larder.cache.redis;

import java.nio.charset.StandardCharsets;

/**
 * A conversion between a key or value and the bytes stored in Redis.
 *
 * <p>There is deliberately no Java-serialization codec: deserializing bytes read from a shared
 * store is a remote-code-execution risk. Keys must round-trip, {@code decode(encode(k)).equals(k)},
 * since invalidation messages carry encoded keys and the receiving instance decodes them to find
 * its L1 entry.
 *
 * @param <T> the type converted
 */
public interface Codec<T> {

  /** Returns the bytes that represent {@code value}. */
  byte[] encode(T value);

  /** Returns the value that {@code bytes} represent. */
  T decode(byte[] bytes);

  /** Returns the codec of strings as UTF-8 bytes. */
  static Codec<String> utf8() {
    return Utf8Codec.INSTANCE;
  }

  /** Returns the identity codec of byte arrays (arrays are copied, never shared). */
  static Codec<byte[]> bytes() {
    return BytesCodec.INSTANCE;
  }
}

/** Strings as UTF-8. */
enum Utf8Codec implements Codec<String> {
  INSTANCE;

  @Override
  public byte[] encode(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String decode(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}

/** Byte arrays, copied in both directions so that no caller shares the cache's array. */
enum BytesCodec implements Codec<byte[]> {
  INSTANCE;

  @Override
  public byte[] encode(byte[] value) {
    return value.clone();
  }

  @Override
  public byte[] decode(byte[] bytes) {
    return bytes.clone();
  }
}
