package io.larder.spring.redis;

import io.larder.cache.redis.Codec;
import java.util.Arrays;
import org.springframework.cache.support.NullValue;

/**
 * Wraps a codec of values so that Spring's {@code null} marker ({@link NullValue}, which a manager
 * that allows {@code null} values stores for a method that returned {@code null}) is stored too:
 * one tag byte, {@code 0} for the marker and {@code 1} before the wrapped codec's bytes.
 */
public final class NullableValueCodec implements Codec<Object> {
  private static final byte[] NULL = {0};

  private final Codec<Object> values;

  /** Wraps {@code values}, which encodes every value but the marker. */
  public NullableValueCodec(Codec<Object> values) {
    this.values = values;
  }

  @Override
  public byte[] encode(Object value) {
    if (value == NullValue.INSTANCE) {
      return NULL.clone();
    }
    byte[] encoded = values.encode(value);
    byte[] tagged = new byte[encoded.length + 1];
    tagged[0] = 1;
    System.arraycopy(encoded, 0, tagged, 1, encoded.length);
    return tagged;
  }

  @Override
  public Object decode(byte[] bytes) {
    if (bytes.length == 1 && bytes[0] == 0) {
      return NullValue.INSTANCE;
    }
    if (bytes.length == 0 || bytes[0] != 1) {
      throw new IllegalArgumentException(
          "Not a NullableValueCodec value (a value written by "
              + "another codec?): "
              + (bytes.length == 0 ? "empty" : "tag " + bytes[0]));
    }
    return values.decode(Arrays.copyOfRange(bytes, 1, bytes.length));
  }
}
