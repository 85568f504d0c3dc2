/**
 * The cache API: the same types and signatures as Caffeine's {@code
 * com.github.benmanes.caffeine.cache}.
 */
@NullMarked
package io.larder.cache;

import org.jspecify.annotations.NullMarked;
