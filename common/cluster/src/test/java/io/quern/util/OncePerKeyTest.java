package io.quern.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.testutil.Wait;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OncePerKeyTest {
  private static final int THREADS = 12;
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** A value with an identity and the number of the open that made it. */
  private record Conn(int serial) {}

  /** Threads that each ask once, all let go at the same moment; each keeps what it got or the failure. */
  private static final class Askers {
    final List<Thread> threads = new ArrayList<>();
    final Object[] outcomes = new Object[THREADS]; // each slot written by its thread, read after join
    final AtomicInteger arrived = new AtomicInteger();

    Askers(OncePerKey<String, Conn, IOException> once, OncePerKey.Opener<Conn, IOException> open) {
      CountDownLatch go = new CountDownLatch(1);
      for (int i = 0; i < THREADS; i++) {
        int slot = i;
        Thread t = new Thread(() -> {
          try {
            go.await();
            arrived.incrementAndGet();
            outcomes[slot] = once.get("k", open);
          } catch (Throwable e) {
            outcomes[slot] = e;
          }
        });
        threads.add(t);
        t.start();
      }
      go.countDown();
    }

    /**
     * Called by the opener: returns once every other thread has asked and is parked waiting for
     * this open, so the open ends while all of them wait on it.
     */
    void awaitTheOthersWaiting() {
      Wait.until("every other thread to wait on the open", TIMEOUT, () -> {
        if (arrived.get() < THREADS) {
          return false;
        }
        for (Thread t : threads) {
          if (t != Thread.currentThread() && t.getState() != Thread.State.WAITING) {
            return false;
          }
        }
        return true;
      });
    }

    Object[] join() throws InterruptedException {
      for (Thread t : threads) {
        t.join(TIMEOUT.toMillis());
        assertFalse(t.isAlive(), "an asking thread still waits");
      }
      return outcomes;
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "latch timed out");
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void threadsAskingAtOnceShareOneOpen() throws Exception {
    OncePerKey<String, Conn, IOException> once = new OncePerKey<>();
    AtomicInteger opens = new AtomicInteger();
    Askers[] askers = new Askers[1];
    CountDownLatch started = new CountDownLatch(1);
    OncePerKey.Opener<Conn, IOException> open = () -> {
      await(started); // until askers[0] is set
      askers[0].awaitTheOthersWaiting();
      return new Conn(opens.incrementAndGet());
    };
    askers[0] = new Askers(once, open);
    started.countDown();
    Object[] got = askers[0].join();

    assertEquals(1, opens.get());
    for (Object o : got) {
      assertSame(got[0], o, "every thread got the one opened value");
    }
    assertEquals(new Conn(1), got[0]);
    assertSame(got[0], once.get("k", () -> new Conn(opens.incrementAndGet())), "a later caller gets it too");
    assertEquals(1, opens.get());
    Conn other = once.get("other", () -> new Conn(opens.incrementAndGet()));
    assertEquals(new Conn(2), other, "another key opens its own");
  }

  @Test
  void aFailedOpenReachesEveryWaiterAndIsNotKept() throws Exception {
    OncePerKey<String, Conn, IOException> once = new OncePerKey<>();
    AtomicInteger opens = new AtomicInteger();
    Askers[] askers = new Askers[1];
    CountDownLatch started = new CountDownLatch(1);
    IOException refused = new IOException("refused");
    OncePerKey.Opener<Conn, IOException> open = () -> {
      await(started); // until askers[0] is set
      askers[0].awaitTheOthersWaiting();
      opens.incrementAndGet();
      throw refused;
    };
    askers[0] = new Askers(once, open);
    started.countDown();
    Object[] got = askers[0].join();

    assertEquals(1, opens.get());
    for (Object o : got) {
      assertSame(refused, o, "every thread got the open's failure");
    }
    Conn next = once.get("k", () -> new Conn(opens.incrementAndGet()));
    assertEquals(new Conn(2), next, "the next caller opened again");
  }

  @Test
  void anErrorInTheOpenerReleasesItsWaiters() throws Exception {
    OncePerKey<String, Conn, IOException> once = new OncePerKey<>();
    Askers[] askers = new Askers[1];
    CountDownLatch started = new CountDownLatch(1);
    OutOfMemoryError error = new OutOfMemoryError("test");
    askers[0] = new Askers(once, () -> {
      await(started); // until askers[0] is set
      askers[0].awaitTheOthersWaiting();
      throw error;
    });
    started.countDown();
    for (Object o : askers[0].join()) {
      assertSame(error, o);
    }
    assertEquals(new Conn(7), once.get("k", () -> new Conn(7)));
  }

  @Test
  void forgettingAStaleValueLeavesTheCurrentOne() throws Exception {
    OncePerKey<String, Conn, IOException> once = new OncePerKey<>();
    Conn first = once.get("k", () -> new Conn(1));
    assertTrue(once.forget("k", first));
    Conn second = once.get("k", () -> new Conn(2));
    assertNotSame(first, second);

    assertFalse(once.forget("k", first), "the first is no longer kept");
    assertFalse(once.forget("k", new Conn(2)), "an equal value is not the kept one");
    assertFalse(once.forget("none", second));
    assertSame(second, once.get("k", () -> new Conn(3)), "the current one stayed");
  }

  @Test
  void forgetDuringAnOpenDropsNothingAndAnInterruptedWaiterLeavesTheOpenGoingOn() throws Exception {
    OncePerKey<String, Conn, IOException> once = new OncePerKey<>();
    CountDownLatch finish = new CountDownLatch(1);
    Conn value = new Conn(1);
    Thread opener = new Thread(() -> {
      try {
        once.get("k", () -> {
          await(finish);
          return value;
        });
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    opener.start();
    Wait.until("the open to start", TIMEOUT, () -> opener.getState() == Thread.State.TIMED_WAITING);
    assertFalse(once.forget("k", value), "nothing is kept yet");

    Object[] waited = new Object[1];
    Thread waiter = new Thread(() -> {
      try {
        waited[0] = once.get("k", () -> new Conn(2));
      } catch (Throwable e) {
        waited[0] = e;
      }
    });
    waiter.start();
    Wait.until("the waiter to wait", TIMEOUT, () -> waiter.getState() == Thread.State.WAITING);
    waiter.interrupt();
    waiter.join(TIMEOUT.toMillis());
    assertTrue(waited[0] instanceof InterruptedException, String.valueOf(waited[0]));

    finish.countDown();
    opener.join(TIMEOUT.toMillis());
    assertSame(value, once.get("k", () -> new Conn(3)), "the open went on and its value is kept");
  }
}
