package io.quern.namenode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A user's slow first group lookup holds up no other user, and runs once however many ask. */
class GroupsTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final CountDownLatch slowStarted = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

  /** The host's lookup as a test drives it: "slow" hangs until released, the others answer at once. */
  private Set<String> lookup(String user) {
    lookups.computeIfAbsent(user, u -> new AtomicInteger()).incrementAndGet();
    if (user.equals("slow")) {
      slowStarted.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Set.of("supergroup");
    }
    return Set.of("staff-" + user);
  }

  @AfterEach
  void stop() {
    release.countDown();
    pool.shutdownNow();
  }

  @Test
  void anotherUsersLookupIsNotHeldUpBySlowOneEvenInTheSameBinAndEachUserIsLookedUpOnce() throws Exception {
    PermissionChecker.Groups groups = new PermissionChecker.Groups(
        new NamesystemConfig.Permissions(true, "nn", "supergroup", (short) 022, Map.of()), this::lookup);
    // A name in the same bin of a new map as "slow": the bin a map's compute would have held.
    String neighbour = sameBin("slow");
    Future<PermissionChecker> slow = pool.submit(() -> groups.checkerFor("slow"));
    Future<PermissionChecker> slowAgain = pool.submit(() -> groups.checkerFor("slow"));
    assertTrue(slowStarted.await(30, TimeUnit.SECONDS), "the slow lookup started");

    PermissionChecker other = pool.submit(() -> groups.checkerFor(neighbour)).get(30, TimeUnit.SECONDS);
    assertEquals(Set.of("staff-" + neighbour), other.groups);
    assertFalse(other.superuser);
    assertFalse(slow.isDone(), "the other user was answered while the slow lookup still ran");

    release.countDown();
    assertTrue(slow.get(30, TimeUnit.SECONDS).superuser, "the slow user's groups make it a superuser");
    assertTrue(slowAgain.get(30, TimeUnit.SECONDS).superuser);
    groups.checkerFor("slow");
    groups.checkerFor(neighbour);
    assertEquals(1, lookups.get("slow").get(), "one lookup for the slow user, however many asked");
    assertEquals(1, lookups.get(neighbour).get());
  }

  /** A user name whose hash puts it in the same bin of a 16-bin ConcurrentHashMap as {@code user}. */
  private static String sameBin(String user) {
    for (int i = 0; ; i++) {
      String candidate = "user" + i;
      if (bin(candidate) == bin(user)) {
        return candidate;
      }
    }
  }

  private static int bin(String key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & 15;
  }
}
