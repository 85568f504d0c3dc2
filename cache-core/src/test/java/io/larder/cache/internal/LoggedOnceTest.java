package io.larder.cache.internal;

import static io.larder.cache.internal.LoggedOnce.Admission.FIRST;
import static io.larder.cache.internal.LoggedOnce.Admission.LIMIT_REACHED;
import static io.larder.cache.internal.LoggedOnce.Admission.REPEAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.larder.cache.internal.LoggedOnce.Admission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LoggedOnceTest {

  @Test
  void eachKeyIsFirstOnceAndThenARepeat() {
    LoggedOnce once = new LoggedOnce(10);
    assertThat(once.admit("a")).isEqualTo(FIRST);
    assertThat(once.admit("a")).isEqualTo(REPEAT);
    assertThat(once.admit("b")).isEqualTo(FIRST);
    assertThat(once.admit("a")).isEqualTo(REPEAT);
    assertThat(once.admit("b")).isEqualTo(REPEAT);
  }

  @Test
  void pastTheCapacityOneNoticeThenSilence() {
    LoggedOnce once = new LoggedOnce(2);
    assertThat(once.admit("a")).isEqualTo(FIRST);
    assertThat(once.admit("b")).isEqualTo(FIRST);
    assertThat(once.admit("c")).isEqualTo(LIMIT_REACHED);
    assertThat(once.admit("d")).isEqualTo(REPEAT);
    assertThat(once.admit("c")).isEqualTo(REPEAT);
    assertThat(once.admit("a")).isEqualTo(REPEAT);
  }

  @Test
  void racingThreadsLogAKeyOnce() throws InterruptedException {
    LoggedOnce once = new LoggedOnce(1_000);
    ConcurrentLinkedQueue<Admission> admissions = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < 200; i++) {
                  admissions.add(once.admit("key-" + i));
                }
              });
      threads.add(thread);
      thread.start();
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(admissions).hasSize(8 * 200);
    assertThat(admissions.stream().filter(a -> a == FIRST)).hasSize(200);
    assertThat(admissions).doesNotContain(LIMIT_REACHED);
  }

  @Test
  void rejectsANonPositiveCapacity() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new LoggedOnce(0))
        .withMessage("capacity must be positive: 0");
  }
}
