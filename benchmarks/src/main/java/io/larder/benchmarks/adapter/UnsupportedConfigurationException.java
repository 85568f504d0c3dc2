package io.larder.benchmarks.adapter;

/**
 * Thrown when a library cannot build a cache of a requested configuration; the message says why and
 * is printed in the report in place of a figure.
 */
public final class UnsupportedConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message is the reason shown in the report. */
  public UnsupportedConfigurationException(String reason) {
    super(reason);
  }
}
