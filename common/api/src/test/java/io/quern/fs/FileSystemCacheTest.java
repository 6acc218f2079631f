package io.quern.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quern.conf.Configuration;
import io.quern.testutil.Wait;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FileSystemCacheTest {
  /** A local file system whose connection step blocks until the test lets it finish. */
  public static class GatedFileSystem extends LocalFileSystem {
    static final AtomicInteger CREATED = new AtomicInteger();
    static volatile CountDownLatch entered = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);
    static volatile boolean fail;

    @Override
    public void initialize(URI uri, Configuration conf) throws IOException {
      CREATED.incrementAndGet();
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      if (fail) {
        throw new IOException("cannot connect");
      }
      super.initialize(uri, conf);
    }
  }

  private static Configuration conf() {
    Configuration conf = new Configuration();
    conf.set("fs.gated.impl", GatedFileSystem.class.getName());
    return conf;
  }

  @AfterEach
  void reset() throws IOException {
    FileSystem.closeAll();
    GatedFileSystem.CREATED.set(0);
    GatedFileSystem.entered = new CountDownLatch(1);
    GatedFileSystem.release = new CountDownLatch(1);
    GatedFileSystem.fail = false;
  }

  @Test
  void concurrentGettersShareOneInstanceBeingCreated() throws Exception {
    URI uri = URI.create("gated:///");
    CompletableFuture<FileSystem> first = CompletableFuture.supplyAsync(() -> get(uri));
    GatedFileSystem.entered.await();
    Thread[] second = new Thread[1];
    CompletableFuture<FileSystem> secondResult = new CompletableFuture<>();
    second[0] = new Thread(() -> secondResult.complete(get(uri)));
    second[0].start();
    // The second caller must be parked on the first one's creation, not creating its own.
    Wait.until("second getter waits", java.time.Duration.ofSeconds(10), () -> second[0].getState() == Thread.State.WAITING);
    GatedFileSystem.release.countDown();
    assertSame(first.get(), secondResult.get());
    assertEquals(1, GatedFileSystem.CREATED.get());
  }

  @Test
  void aFailedCreationFailsItsWaitersAndIsNotCached() throws Exception {
    URI uri = URI.create("gated:///");
    GatedFileSystem.fail = true;
    CompletableFuture<FileSystem> first = CompletableFuture.supplyAsync(() -> get(uri));
    GatedFileSystem.entered.await();
    CompletableFuture<FileSystem> second = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        second.complete(FileSystem.get(uri, conf()));
      } catch (Throwable e) {
        second.completeExceptionally(e);
      }
    });
    t.start();
    Wait.until("second getter waits", java.time.Duration.ofSeconds(10), () -> t.getState() == Thread.State.WAITING);
    GatedFileSystem.release.countDown();
    java.util.concurrent.ExecutionException e =
        assertThrows(java.util.concurrent.ExecutionException.class, second::get);
    assertEquals("cannot connect", e.getCause().getMessage());
    assertThrows(java.util.concurrent.ExecutionException.class, first::get);
    // Not cached: the next get tries again, and succeeds once the cause is gone.
    GatedFileSystem.fail = false;
    assertEquals(LocalFileSystem.class, FileSystem.get(uri, conf()).getClass().getSuperclass());
    assertEquals(2, GatedFileSystem.CREATED.get());
  }

  private static FileSystem get(URI uri) {
    try {
      return FileSystem.get(uri, conf());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
