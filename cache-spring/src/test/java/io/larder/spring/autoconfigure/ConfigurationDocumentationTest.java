package io.larder.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Spring Boot guide's property table (docs/spring-boot.md), the configuration metadata
 * (generated from the properties classes' Javadoc, which IDEs show) and the properties classes
 * agree: the same properties, the same defaults, and the same budget rule.
 */
class ConfigurationDocumentationTest {
  private static final Path METADATA =
      Path.of("target/classes/META-INF/spring-configuration-metadata.json");
  private static final Path README = Path.of("../docs/spring-boot.md");
  /** Where the {@code larder} Actuator endpoint, and so its Spring Boot settings, is documented. */
  private static final Path ENDPOINT_GUIDE = Path.of("../docs/test-kit.md");
  private static final Pattern ROW =
      Pattern.compile("(?m)^\\| `(larder\\.[a-z.-]+)(?:\\.<name>)?` \\| ([^|]*) \\|");

  @Test
  void readmeTableListsExactlyTheMetadatasPropertiesWithTheirDefaults() throws IOException {
    Map<String, JsonNode> metadata = new TreeMap<>();
    String readmeText = Files.readString(README);
    String endpointGuide = Files.readString(ENDPOINT_GUIDE);
    for (JsonNode property : JsonMapper.builder().build().readTree(METADATA.toFile())
        .get("properties")) {
      String name = property.get("name").asString();
      if (name.startsWith("larder.")) {
        metadata.put(name, property);
      } else {
        // Spring Boot's own settings of the larder endpoint (access, cache time-to-live): the
        // docs name them beside the endpoint (docs/test-kit.md) rather than in the table of
        // Larder's properties
        assertThat(name).startsWith("management.endpoint.larder.");
        assertThat(endpointGuide).as(ENDPOINT_GUIDE + " mentions " + name)
            .contains("`" + name + "`");
      }
    }
    Map<String, String> readme = new TreeMap<>();
    Matcher row = ROW.matcher(readmeText);
    while (row.find()) {
      readme.put(row.group(1), row.group(2).strip());
    }

    assertThat(readme.keySet()).isEqualTo(metadata.keySet());
    metadata.forEach((name, property) -> {
      JsonNode value = property.get("defaultValue");
      if (value != null) {
        assertThat(readme.get(name)).as(name).startsWith("`" + value.asString() + "`");
      }
    });
  }

  @Test
  void budgetRuleIsTheSameInMetadataAndReadme() throws IOException {
    String description = "";
    for (JsonNode property : JsonMapper.builder().build().readTree(METADATA.toFile())
        .get("properties")) {
      if (property.get("name").asString().equals("larder.cache.memory-budget")) {
        description = property.get("description").asString();
      }
    }
    assertThat(description)
        .contains("Every cache counts against it", "maximumMemory too (held to both)",
            "maximumSize or maximumWeight, which keeps that bound only");
    String readme = Files.readString(README);
    assertThat(readme)
        .contains("## The budget rule")
        .contains("including a cache with its own `maximumMemory` (held to both)")
        .contains("a cache whose specification sets `maximumSize` or `maximumWeight`");
  }
}
