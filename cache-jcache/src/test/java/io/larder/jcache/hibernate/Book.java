package io.larder.jcache.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** An entity cached in Hibernate's second-level cache, in the region {@code books}. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "books")
public class Book {
  @Id private Long id;

  private String title;

  /** For Hibernate. */
  protected Book() {}

  Book(long id, String title) {
    this.id = id;
    this.title = title;
  }

  Long getId() {
    return id;
  }

  String getTitle() {
    return title;
  }
}
