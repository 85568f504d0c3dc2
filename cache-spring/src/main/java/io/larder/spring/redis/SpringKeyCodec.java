package io.larder.spring.redis;

import io.larder.cache.redis.Codec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.cache.interceptor.SimpleKey;

/**
 * The Redis form of Spring cache keys: a one-letter type tag and the key's text, so that a key
 * decodes back to an object equal to the one cached (an invalidation received from another instance
 * names the key to drop from this one's L1, and {@code Long} 7 must not come back as {@code "7"}).
 *
 * <p>Supported: {@code String}, {@code Long}, {@code Integer}, {@code UUID} and the empty key of a
 * method without parameters ({@link SimpleKey#EMPTY}). Any other key is refused with an error that
 * says how to give the method a key expression of a supported type, rather than stored under its
 * {@code toString()}, which two distinct keys can share.
 */
public final class SpringKeyCodec implements Codec<Object> {

  /** Creates the codec. */
  public SpringKeyCodec() {}

  @Override
  public byte[] encode(Object key) {
    String text;
    if (key instanceof String string) {
      text = "s" + string;
    } else if (key instanceof Long number) {
      text = "l" + number;
    } else if (key instanceof Integer number) {
      text = "i" + number;
    } else if (key instanceof UUID uuid) {
      text = "u" + uuid;
    } else if (SimpleKey.EMPTY.equals(key)) {
      text = "e";
    } else {
      throw new IllegalArgumentException(
          "A two-level cache cannot store the key "
              + key
              + " of type "
              + key.getClass().getName()
              + " in Redis: keys must be String, Long,"
              + " Integer or UUID; give the method a key expression of one of them, for example"
              + " @Cacheable(key = \"#a.toString() + ':' + #b\")");
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Object decode(byte[] bytes) {
    if (bytes.length == 0) {
      throw new IllegalArgumentException("An empty key is not a SpringKeyCodec key");
    }
    String text = new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
    return switch (bytes[0]) {
      case 's' -> text;
      case 'l' -> Long.parseLong(text);
      case 'i' -> Integer.parseInt(text);
      case 'u' -> UUID.fromString(text);
      case 'e' -> SimpleKey.EMPTY;
      default ->
          throw new IllegalArgumentException("Not a SpringKeyCodec key: " + Arrays.toString(bytes));
    };
  }
}
