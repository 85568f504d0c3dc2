package io.larder.demo;

/**
 * A product as shown in one locale: about a kilobyte, most of it the localized description.
 *
 * @param id the product's identifier
 * @param locale the locale it is shown in
 * @param name its localized name
 * @param description its localized description, about 1,000 characters
 */
public record Product(long id, String locale, String name, String description) {}
