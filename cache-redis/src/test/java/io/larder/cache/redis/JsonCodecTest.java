package io.larder.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON codec: declared types only, and no mapper that reads class names from Redis. */
class JsonCodecTest {

  /** A value type as an application would cache it. */
  public record Product(String id, String name, long priceCents) {}

  @Test
  void roundTripsARecordAndAGenericList() {
    JsonCodec<Product> codec = JsonCodec.of(Product.class);
    Product product = new Product("42", "tea", 350);
    byte[] json = codec.encode(product);
    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo("{\"id\":\"42\",\"name\":\"tea\",\"priceCents\":350}");
    assertThat(codec.decode(json)).isEqualTo(product);

    JsonCodec<List<Product>> list =
        JsonCodec.of(new ObjectMapper(), new TypeReference<List<Product>>() {});
    assertThat(list.decode(list.encode(List.of(product, product))))
        .containsExactly(product, product);
  }

  @Test
  void refusesAMapperThatReadsClassNamesFromTheStore() {
    ObjectMapper unsafe = new ObjectMapper();
    unsafe.activateDefaultTyping(
        BasicPolymorphicTypeValidator.builder().allowIfBaseType(Object.class).build());
    assertThatThrownBy(() -> JsonCodec.of(unsafe, Product.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("default typing");
  }

  @Test
  void aValueThatIsNotTheDeclaredTypeFailsToDecode() {
    JsonCodec<Product> codec = JsonCodec.of(Product.class);
    assertThatThrownBy(
            () ->
                codec.decode("[\"java.lang.ProcessBuilder\",{}]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("Cannot read");
  }
}
