package io.larder.cache.redis;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Lettuce thread pools shared by every two-level cache of the JVM: one {@link ClientResources}
 * per reconnect-delay setting, counted by its users and shut down with its last one.
 *
 * <p>Lettuce's {@code ClientResources} hold the expensive part of a client, its event loops and
 * timer, and Lettuce's documentation recommends sharing them between clients. Each two-level cache
 * used to build its own: an application with 20 caches ran 20 sets of I/O, computation and timer
 * threads for the same server. Now a cache takes a lease on the shared resources when it connects
 * and gives it back when it closes; the resources live exactly as long as some cache uses them, so
 * no {@code lettuce-*} thread outlives the last cache (the class loader of an undeployed
 * application is not pinned). Each cache keeps its own two connections (commands and pub/sub),
 * which cost Redis a client each and no thread here.
 */
final class SharedClientResources {
  private static final System.Logger LOG = System.getLogger(SharedClientResources.class.getName());

  /** The event-loop threads of the shared resources: Lettuce's minimum is enough for a cache. */
  static final int IO_THREADS = 2;

  static final int COMPUTATION_THREADS = 2;

  private static final Map<Duration, Shared> SHARED = new HashMap<>();

  private SharedClientResources() {}

  /** The resources of one reconnect-delay setting and how many leases hold them. */
  private static final class Shared {
    final ClientResources resources;
    int leases;

    Shared(ClientResources resources) {
      this.resources = resources;
    }
  }

  /** A cache's hold on the shared resources; {@link #close} gives it back, once. */
  static final class Lease implements AutoCloseable {
    private final Duration key;
    private final Shared shared;
    private boolean closed;

    private Lease(Duration key, Shared shared) {
      this.key = key;
      this.shared = shared;
    }

    ClientResources resources() {
      return shared.resources;
    }

    /** Gives the lease back; the last one shuts the resources down and waits for their threads. */
    @Override
    public void close() {
      ClientResources last;
      synchronized (SHARED) {
        if (closed) {
          return;
        }
        closed = true;
        shared.leases--;
        if (shared.leases > 0) {
          return;
        }
        SHARED.remove(key, shared);
        last = shared.resources;
      }
      shutdown(last);
    }
  }

  /**
   * Returns a lease on the resources whose reconnection backs off exponentially from 2 ms to {@code
   * maxReconnectDelay}, creating them if no cache holds them.
   */
  static Lease acquire(Duration maxReconnectDelay) {
    synchronized (SHARED) {
      Shared shared =
          SHARED.computeIfAbsent(maxReconnectDelay, SharedClientResources::newSharedResources);
      shared.leases++;
      return new Lease(maxReconnectDelay, shared);
    }
  }

  /** Returns how many distinct resources are held now (for tests). */
  static int heldResources() {
    synchronized (SHARED) {
      return SHARED.size();
    }
  }

  private static Shared newSharedResources(Duration maxReconnectDelay) {
    return new Shared(
        ClientResources.builder()
            .ioThreadPoolSize(IO_THREADS)
            .computationThreadPoolSize(COMPUTATION_THREADS)
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(2), maxReconnectDelay, 2, TimeUnit.MILLISECONDS))
            .build());
  }

  private static void shutdown(ClientResources resources) {
    try {
      resources.shutdown(0, 2, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(System.Logger.Level.WARNING, "Redis client threads did not stop in 10 s", e);
    }
  }
}
