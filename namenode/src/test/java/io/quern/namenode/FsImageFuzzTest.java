package io.quern.namenode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quern.protocol.dfs.CreateRequest;
import io.quern.protocol.dfs.SafeModeAction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the image loader. Any damage the checksum can see is refused before parsing,
 * with an IOException naming the file; damage with a recomputed checksum (a hostile image) either
 * loads or fails the same way, never with another exception or by running out of memory.
 */
class FsImageFuzzTest {
  static final long BUDGET_MS = 2_000;
  @TempDir Path tmp;
  byte[] image;

  @BeforeEach
  void makeImage() throws Exception {
    try (NamesystemFixture f = new NamesystemFixture(tmp.resolve("nn"))) {
      f.ns.setSafeMode(SafeModeAction.LEAVE);
      f.addDatanodes("h1", "h2", "h3");
      Random r = new Random(3);
      for (int i = 0; i < 40; i++) {
        f.ns.mkdirs("/d" + r.nextInt(5) + "/e" + r.nextInt(5), "u" + r.nextInt(3));
      }
      for (int i = 0; i < 20; i++) {
        f.writeFile("/d" + i % 5 + "/f" + i, 1 + r.nextInt(2), 1000 + r.nextInt(1000));
      }
      f.ns.create(new CreateRequest("/open", "writer", "u", false, 0, 0), null).status();
      f.ns.setPermission(null, "/d0", (short) 0700);
      f.ns.checkpoint();
    }
    image = Files.readAllBytes(tmp.resolve("nn").resolve("fsimage"));
  }

  /** Loads {@code bytes}; true when it loaded, false when refused with a clear IOException. */
  boolean load(byte[] bytes, Path file) throws IOException {
    Files.write(file, bytes);
    try {
      assertNotNull(FsImage.load(file));
      return true;
    } catch (IOException e) {
      assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("image"), e.getMessage());
      return false;
    } catch (Throwable t) {
      fail("loading a damaged image threw " + t, t);
      return false;
    }
  }

  static byte[] withValidChecksum(byte[] b) {
    if (b.length < 8) {
      return b;
    }
    CRC32C crc = new CRC32C();
    crc.update(b, 0, b.length - 8);
    ByteBuffer.wrap(b).putLong(b.length - 8, crc.getValue());
    return b;
  }

  static byte[] damage(byte[] img, Random r) {
    byte[] b = img.clone();
    switch (r.nextInt(3)) {
      case 0 -> b = Arrays.copyOf(b, r.nextInt(b.length));
      case 1 -> {
        int at = r.nextInt(b.length);
        for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
          int pos = Math.min(b.length - 1, at + r.nextInt(8));
          b[pos] ^= (byte) (1 << r.nextInt(8));
        }
      }
      default -> {
        byte[] junk = new byte[1 + r.nextInt(512)];
        r.nextBytes(junk);
        int at = r.nextInt(b.length);
        byte[] out = new byte[b.length + junk.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(junk, 0, out, at, junk.length);
        System.arraycopy(b, at, out, at + junk.length, b.length - at);
        b = out;
      }
    }
    return b;
  }

  @Test
  void intactImageLoads() throws IOException {
    assertTrue(load(image, tmp.resolve("fsimage")));
  }

  @Test
  void everyDetectableDamageIsRefusedNamingTheFile() throws IOException {
    Random r = new Random(11);
    long deadline = System.currentTimeMillis() + BUDGET_MS;
    int trials = 0;
    while (System.currentTimeMillis() < deadline && trials < 2000) {
      trials++;
      byte[] b = damage(image, r);
      if (Arrays.equals(b, image)) {
        continue;
      }
      assertEquals(false, load(b, tmp.resolve("fsimage-" + trials)), "damage went unnoticed in trial " + trials);
    }
    assertTrue(trials >= 100, "only " + trials + " trials");
  }

  @Test
  void hostileImagesWithValidChecksumsFailCleanly() throws IOException {
    Random r = new Random(13);
    long deadline = System.currentTimeMillis() + BUDGET_MS;
    int trials = 0;
    int refused = 0;
    while (System.currentTimeMillis() < deadline && trials < 2000) {
      trials++;
      if (!load(withValidChecksum(damage(image, r)), tmp.resolve("hostile-" + trials))) {
        refused++;
      }
    }
    assertTrue(trials >= 100 && refused > 0, trials + " trials, " + refused + " refused");
  }
}
