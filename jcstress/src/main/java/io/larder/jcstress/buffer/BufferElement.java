package io.larder.jcstress.buffer;

import org.jspecify.annotations.Nullable;

/**
 * An element whose fields are plain (not final, not volatile) and written in its constructor: a
 * consumer that receives it sees both fields only if the buffer published it with a
 * happens-before edge (a release store read by an acquire load). Otherwise it may see zeros.
 */
final class BufferElement {
  int first;
  int second;

  BufferElement(int id) {
    this.first = id;
    this.second = -id;
  }

  /** Returns the element's id, or 0 if the consumer saw it torn (a field still zero). */
  static int idOf(@Nullable BufferElement element) {
    if (element == null) {
      return -1;
    }
    return ((element.first != 0) && (element.second == -element.first)) ? element.first : 0;
  }
}
