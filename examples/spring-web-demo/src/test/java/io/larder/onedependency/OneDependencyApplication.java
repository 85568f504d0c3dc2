package io.larder.onedependency;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application of issue 21, as a new user writes it: {@code @EnableCaching}, {@code @Cacheable}
 * endpoints, and the demo module's dependencies (web, cache, actuator, the Prometheus registry and
 * Larder's cache-spring), with no Larder configuration.
 */
@SpringBootApplication
@EnableCaching
public class OneDependencyApplication {

  /** Two cached endpoints: one on a cache named at start-up, one on a cache made on demand. */
  @RestController
  static class BookController {
    @GetMapping("/books/{id}")
    @Cacheable("books")
    public String book(@PathVariable("id") long id) {
      return "book " + id;
    }

    @GetMapping("/authors/{id}")
    @Cacheable("authors")
    public String author(@PathVariable("id") long id) {
      return "author " + id;
    }
  }
}
