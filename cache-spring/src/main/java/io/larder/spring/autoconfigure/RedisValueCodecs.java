package io.larder.spring.autoconfigure;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.larder.cache.redis.Codec;
import io.larder.cache.redis.JsonCodec;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.ClassUtils;

/**
 * The codecs of two-level caches' values that {@code larder.cache.redis.codec} names. Each checks
 * the value's type when it encodes, so that a value of the wrong type fails the write that made it,
 * with the property to change, rather than every later read of it.
 */
final class RedisValueCodecs {
  static final String CODEC = "larder.cache.redis.codec";
  static final String VALUE_TYPE = "larder.cache.redis.value-type";
  static final String VALUE_TYPES = "larder.cache.redis.value-types";

  private RedisValueCodecs() {}

  /** Returns, for a cache name, its value codec; checks the whole configuration now. */
  static Function<String, Codec<Object>> of(
      LarderRedisProperties properties, @Nullable ClassLoader loader) {
    String codec = properties.getCodec().strip().toLowerCase(Locale.ROOT);
    return switch (codec) {
      case "string" -> name -> checked(Codec.utf8(), String.class, name, CODEC + "=string");
      case "bytes" -> name -> checked(Codec.bytes(), byte[].class, name, CODEC + "=bytes");
      case "json" -> Json.codecs(properties, loader);
      default ->
          throw new InvalidConfigurationPropertyValueException(
              CODEC, properties.getCodec(), "must be json, string or bytes");
    };
  }

  @SuppressWarnings("unchecked")
  private static <T> Codec<Object> checked(
      Codec<T> codec, Class<?> type, String cache, String setting) {
    return new Codec<>() {
      @Override
      public byte[] encode(Object value) {
        if (!type.isInstance(value)) {
          throw new IllegalArgumentException(
              "Cache '"
                  + cache
                  + "' cannot store a value of type "
                  + value.getClass().getName()
                  + " in Redis: "
                  + setting
                  + " stores "
                  + type.getName()
                  + (setting.startsWith(CODEC) ? "" : " (" + CODEC + "=json)"));
        }
        return codec.encode((T) value);
      }

      @Override
      public Object decode(byte[] bytes) {
        return codec.decode(bytes);
      }
    };
  }

  /** The JSON codecs, in a class of their own: loaded only when Jackson is wanted. */
  private static final class Json {
    static Function<String, Codec<Object>> codecs(
        LarderRedisProperties properties, @Nullable ClassLoader loader) {
      if (!ClassUtils.isPresent("com.fasterxml.jackson.databind.ObjectMapper", loader)) {
        throw new InvalidConfigurationPropertyValueException(
            CODEC,
            properties.getCodec(),
            "needs Jackson (com.fasterxml.jackson.core:jackson-databind) on the class path; add"
                + " it, or set "
                + CODEC
                + " to string or bytes");
      }
      ObjectMapper mapper = JsonMapper.builder().findAndAddModules().build();
      if (loader != null) {
        mapper.setTypeFactory(mapper.getTypeFactory().withClassLoader(loader));
      }
      JavaType common =
          (properties.getValueType() == null)
              ? null
              : type(mapper, VALUE_TYPE, properties.getValueType());
      Map<String, JavaType> types = new java.util.LinkedHashMap<>();
      properties
          .getValueTypes()
          .forEach(
              (cache, type) -> types.put(cache, type(mapper, VALUE_TYPES + "." + cache, type)));
      return name -> {
        JavaType type = types.getOrDefault(name, common);
        if (type == null) {
          throw new IllegalStateException(
              "Cache '"
                  + name
                  + "' has no value type for JSON in"
                  + " Redis: set "
                  + VALUE_TYPES
                  + "."
                  + name
                  + " (or "
                  + VALUE_TYPE
                  + " for every"
                  + " cache) to the class its methods return, for example com.example.Book or"
                  + " java.util.List<com.example.Book>; or set "
                  + CODEC
                  + " to string or bytes");
        }
        String setting = types.containsKey(name) ? VALUE_TYPES + "." + name : VALUE_TYPE;
        return checked(
            JsonCodec.of(mapper, type),
            type.getRawClass(),
            name,
            setting + "=" + type.toCanonical());
      };
    }

    private static JavaType type(ObjectMapper mapper, String property, String value) {
      try {
        return mapper.getTypeFactory().constructFromCanonical(value.strip());
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationPropertyValueException(
            property,
            value,
            "is not a class on the class path or a type such as java.util.List<com.example.Book>"
                + " ("
                + e.getMessage()
                + ")");
      }
    }
  }
}
