package io.larder.demo;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The catalogue's HTTP endpoints, and one diagnostic endpoint for the demonstration. */
@RestController
public class CatalogueController {
  private final Catalogue catalogue;

  CatalogueController(Catalogue catalogue) {
    this.catalogue = catalogue;
  }

  /** Returns a product in a locale, for example {@code /products/42?locale=fr}. */
  @GetMapping("/products/{id}")
  public Product product(@PathVariable long id, @RequestParam(defaultValue = "en") String locale) {
    return catalogue.product(id, locale);
  }

  /**
   * Renames a product in a locale, for example {@code curl -X PUT -d 'Lamp'
   * /products/42?locale=fr}, and returns it.
   */
  @PutMapping("/products/{id}")
  public Product rename(
      @PathVariable long id,
      @RequestParam(defaultValue = "en") String locale,
      @RequestBody String name) {
    return catalogue.rename(id, locale, name);
  }

  /** Returns the identifiers of the products matching a search text. */
  @GetMapping("/search")
  public List<Long> search(@RequestParam("q") String text) {
    return catalogue.search(text);
  }

  /**
   * Collects garbage and returns the heap in use afterwards: the figure that shows whether the
   * caches keep growing. A demonstration aid, not something a service should expose.
   */
  @PostMapping("/demo/heap-after-gc")
  public Map<String, Object> heapAfterGc() {
    System.gc();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return Map.of(
        "usedBytes", heap.getUsed(),
        "maxBytes", heap.getMax(),
        "renders", catalogue.renders());
  }
}
