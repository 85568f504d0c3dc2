package io.larder.cache;

/**
 * A time source that returns a time value representing the number of nanoseconds elapsed since some
 * fixed but arbitrary point in time.
 */
@FunctionalInterface
public interface Ticker {

  /** Returns the number of nanoseconds elapsed since this ticker's fixed point of reference. */
  long read();

  /** Returns a ticker that reads the current time using {@link System#nanoTime}. */
  static Ticker systemTicker() {
    return SystemTicker.INSTANCE;
  }

  /** Returns a ticker that always returns {@code 0}. */
  static Ticker disabledTicker() {
    return DisabledTicker.INSTANCE;
  }
}

/** The ticker backed by {@link System#nanoTime()}. */
enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long read() {
    return System.nanoTime();
  }
}

/** The ticker that never advances. */
enum DisabledTicker implements Ticker {
  INSTANCE;

  @Override
  public long read() {
    return 0L;
  }
}
