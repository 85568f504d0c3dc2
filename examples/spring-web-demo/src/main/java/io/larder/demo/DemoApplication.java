package io.larder.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * A small catalogue service whose {@code @Cacheable} methods are keyed by request data, as the
 * service of the incident was. Which cache manager backs them is configuration: Larder by default
 * (it is on the class path), Spring's plain {@code ConcurrentMapCacheManager} with {@code
 * --spring.cache.type=simple}.
 */
@SpringBootApplication
@EnableCaching
public class DemoApplication {

  /** Starts the application. */
  public static void main(String[] args) {
    SpringApplication.run(DemoApplication.class, args);
  }
}
