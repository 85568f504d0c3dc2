package io.larder.spring.autoconfigure;

import io.larder.spring.LarderCacheInventory;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code larder} Actuator endpoint ({@code /actuator/larder} once exposed with {@code
 * management.endpoints.web.exposure.include}): the inventory of the application's Larder caches,
 * with the totals a post-deployment check asserts on ({@code unboundedCaches}, {@code
 * guardWarnings}).
 */
@Endpoint(id = "larder")
public class LarderInventoryEndpoint {
  private final LarderCacheManagers managers;

  LarderInventoryEndpoint(LarderCacheManagers managers) {
    this.managers = managers;
  }

  /** Returns the inventory, read now. */
  @ReadOperation
  public Map<String, Object> inventory() {
    return LarderCacheInventory.of(managers.find()).describe();
  }
}
