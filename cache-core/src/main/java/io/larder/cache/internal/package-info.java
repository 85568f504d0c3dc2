/**
 * Larder's implementation: not exported by {@code module-info}, and not an API. Nothing here may be
 * used outside cache-core; its types change without notice.
 */
@NullMarked
package io.larder.cache.internal;

import org.jspecify.annotations.NullMarked;
