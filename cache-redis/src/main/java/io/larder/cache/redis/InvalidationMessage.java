package io.larder.cache.redis;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The keys-only message published on a cache's channel: one byte of kind, the sender's 16-byte
 * instance id (so that a sender ignores its own messages), then the encoded key for a single-key
 * invalidation. Values are never sent.
 */
record InvalidationMessage(boolean all, byte[] sender, byte @Nullable [] key) {

  static final int ID_LENGTH = 16;
  private static final byte KIND_KEY = 'k';
  private static final byte KIND_ALL = 'a';

  static byte[] ofKey(byte[] sender, byte[] key) {
    byte[] message = new byte[1 + ID_LENGTH + key.length];
    message[0] = KIND_KEY;
    System.arraycopy(sender, 0, message, 1, ID_LENGTH);
    System.arraycopy(key, 0, message, 1 + ID_LENGTH, key.length);
    return message;
  }

  static byte[] ofAll(byte[] sender) {
    byte[] message = new byte[1 + ID_LENGTH];
    message[0] = KIND_ALL;
    System.arraycopy(sender, 0, message, 1, ID_LENGTH);
    return message;
  }

  /** Returns the parsed message, or null if {@code bytes} is not one. */
  static @Nullable InvalidationMessage parse(byte[] bytes) {
    if (bytes.length < 1 + ID_LENGTH) {
      return null;
    }
    byte[] sender = Arrays.copyOfRange(bytes, 1, 1 + ID_LENGTH);
    if (bytes[0] == KIND_ALL && bytes.length == 1 + ID_LENGTH) {
      return new InvalidationMessage(true, sender, null);
    }
    if (bytes[0] == KIND_KEY) {
      return new InvalidationMessage(
          false, sender, Arrays.copyOfRange(bytes, 1 + ID_LENGTH, bytes.length));
    }
    return null;
  }

  boolean isFrom(byte[] instanceId) {
    return Arrays.equals(sender, instanceId);
  }
}
