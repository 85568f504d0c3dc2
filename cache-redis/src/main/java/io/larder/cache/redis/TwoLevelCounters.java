package io.larder.cache.redis;

import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link TwoLevelStats}. */
final class TwoLevelCounters {
  final LongAdder l1Hits = new LongAdder();
  final LongAdder l1Misses = new LongAdder();
  final LongAdder l2Hits = new LongAdder();
  final LongAdder l2Misses = new LongAdder();
  final LongAdder l2Errors = new LongAdder();
  final LongAdder loads = new LongAdder();
  final LongAdder invalidationsSent = new LongAdder();
  final LongAdder invalidationsReceived = new LongAdder();
  final LongAdder resyncs = new LongAdder();
  final LongAdder l2Calls = new LongAdder();
  final LongAdder l2Nanos = new LongAdder();

  TwoLevelStats snapshot() {
    return new TwoLevelStats(
        l1Hits.sum(),
        l1Misses.sum(),
        l2Hits.sum(),
        l2Misses.sum(),
        l2Errors.sum(),
        loads.sum(),
        invalidationsSent.sum(),
        invalidationsReceived.sum(),
        resyncs.sum(),
        l2Calls.sum(),
        l2Nanos.sum());
  }
}
