package io.quern.namenode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of edit log replay: truncations, bit flips and appended garbage. Replay must
 * return exactly a prefix of the ops written (never a damaged one), cut the file to the last
 * whole record, and fail, if at all, only with an IOException.
 */
class EditLogFuzzTest {
  static final long BUDGET_MS = 3_000;
  static final int MIN_TRIALS = 200;
  @TempDir Path tmp;
  final List<EditOp> ops = new ArrayList<>();
  /** Byte offset after the header and after each record. */
  final List<Long> ends = new ArrayList<>();
  byte[] log;

  static String name(Random r) {
    StringBuilder b = new StringBuilder();
    int n = 1 + r.nextInt(12);
    for (int i = 0; i < n; i++) {
      b.append(r.nextInt(10) == 0 ? (char) (0x400 + r.nextInt(200)) : (char) ('a' + r.nextInt(26)));
    }
    return b.toString();
  }

  static EditOp randomOp(Random r) {
    String p = "/" + name(r) + "/" + name(r);
    Perm perm = new Perm(name(r), name(r), (short) r.nextInt(01000));
    return switch (r.nextInt(11)) {
      case 0 -> new EditOp.Mkdirs(p, perm, r.nextLong());
      case 1 -> new EditOp.Create(p, 1 + r.nextInt(5), 1L << 20, perm, "client-" + name(r), r.nextLong());
      case 2 -> new EditOp.AddBlock(p, r.nextInt(1_000_000));
      case 3 -> new EditOp.CommitBlock(p, r.nextInt(1_000_000), r.nextInt(1 << 26));
      case 4 -> new EditOp.AbandonBlock(p, r.nextInt(1_000_000));
      case 5 -> new EditOp.Close(p, r.nextLong());
      case 6 -> new EditOp.Delete(p, r.nextLong());
      case 7 -> new EditOp.Rename(p, "/" + name(r), r.nextLong());
      case 8 -> new EditOp.SetReplication(p, 1 + r.nextInt(5));
      case 9 -> new EditOp.SetPermission(p, (short) r.nextInt(01000));
      default -> new EditOp.SetOwner(p, name(r), name(r));
    };
  }

  @BeforeEach
  void writeLog() throws IOException {
    Random r = new Random(42);
    Path file = tmp.resolve("reference");
    try (EditLog el = new EditLog(file, 0)) {
      for (int i = 0; i < 300; i++) {
        EditOp op = randomOp(r);
        ops.add(op);
        el.append(op);
      }
      el.sync(el.lastTxid());
    }
    log = Files.readAllBytes(file);
    java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(log);
    for (int pos = 4; ; pos += 8 + bb.getInt(pos)) {
      ends.add((long) pos);
      if (pos == log.length) {
        break;
      }
    }
    assertEquals(ops.size() + 1, ends.size());
  }

  /** Replays {@code bytes}; returns the ops applied, or null when replay refused with an IOException. */
  List<EditOp> replay(byte[] bytes, Path file) throws IOException {
    Files.write(file, bytes);
    List<EditOp> got = new ArrayList<>();
    try {
      EditLog.replay(file, 0, (txid, op) -> {
        assertEquals(got.size() + 1, txid);
        got.add(op);
      });
      return got;
    } catch (IOException e) {
      assertTrue(e.getMessage() != null && e.getMessage().contains(file.toString()), e.getMessage());
      return null;
    } catch (Throwable t) {
      fail("replay threw " + t + " instead of an IOException", t);
      return null;
    }
  }

  @Test
  void intactLogReplaysEverything() throws IOException {
    assertEquals(ops, replay(log, tmp.resolve("edits")));
  }

  @Test
  void randomDamageYieldsAPrefixAndACutFile() throws IOException {
    Random r = new Random(7);
    long deadline = System.currentTimeMillis() + BUDGET_MS;
    int trials = 0;
    int[] outcomes = new int[3];
    // At least MIN_TRIALS whatever the machine's load; more while the time budget lasts.
    while (trials < MIN_TRIALS || (System.currentTimeMillis() < deadline && trials < 3000)) {
      trials++;
      byte[] b = log.clone();
      int kind = r.nextInt(3);
      long damagedAt;
      if (kind == 0) {
        int cut = r.nextInt(b.length + 1);
        b = java.util.Arrays.copyOf(b, cut);
        damagedAt = cut;
      } else if (kind == 1) {
        int flips = 1 + r.nextInt(4);
        int at = 4 + r.nextInt(b.length - 4);
        damagedAt = at;
        for (int i = 0; i < flips; i++) {
          int pos = Math.min(b.length - 1, at + r.nextInt(16));
          b[pos] ^= (byte) (1 << r.nextInt(8));
        }
        // Two flips may cancel: the damage starts at the first byte that really differs.
        damagedAt = java.util.Arrays.mismatch(b, log);
        if (damagedAt < 0) {
          damagedAt = b.length;
        }
      } else {
        byte[] junk = new byte[1 + r.nextInt(r.nextBoolean() ? 16 : 4096)];
        r.nextBytes(junk);
        if (r.nextBoolean() && junk.length >= 8) {
          // A length field that promises far more than is there.
          junk[0] = 0x7f;
        }
        b = java.util.Arrays.copyOf(b, b.length + junk.length);
        System.arraycopy(junk, 0, b, log.length, junk.length);
        damagedAt = log.length;
      }
      Path file = tmp.resolve("edits-" + trials);
      List<EditOp> got = replay(b, file);
      outcomes[kind]++;
      if (got == null) {
        fail("damage of kind " + kind + " at " + damagedAt + " made replay refuse instead of cutting the tail");
      }
      // Exactly the whole records before the damage: never a damaged one, never fewer.
      int whole = 0;
      while (whole < ops.size() && ends.get(whole + 1) <= damagedAt) {
        whole++;
      }
      assertEquals(ops.subList(0, got.size()), got, "replayed ops are not a prefix");
      assertEquals(whole, got.size(), "kind " + kind + " at " + damagedAt);
      // The tail was cut: a second replay sees the same and the file ends on a record boundary.
      assertEquals(whole == 0 && Files.size(file) < 4 ? 0 : ends.get(whole), Files.size(file));
      assertEquals(got, replay(Files.readAllBytes(file), file));
    }
    assertTrue(outcomes[0] > 0 && outcomes[1] > 0 && outcomes[2] > 0, "every kind of damage tried");
  }

  @Test
  void damagedMagicIsAClearError() throws IOException {
    byte[] b = log.clone();
    b[1] ^= 0x10;
    Path file = tmp.resolve("edits");
    Files.write(file, b);
    IOException e = assertThrows(IOException.class, () -> EditLog.replay(file, 0, (t, op) -> fail("applied")));
    assertTrue(e.getMessage().contains("not a Quern edit log of format 2"), e.getMessage());
  }

  @Test
  void checksummedButUnreadableRecordIsRefusedNotApplied() throws IOException {
    for (byte[] payloadTail : List.of(new byte[] {99}, new byte[] {1, 0, 5, 'a'}, new byte[] {9, 0, 1, '/', 0})) {
      ByteArrayOutputStream p = new ByteArrayOutputStream();
      DataOutputStream d = new DataOutputStream(p);
      d.writeLong(ops.size() + 1);
      d.write(payloadTail);
      byte[] payload = p.toByteArray();
      CRC32C crc = new CRC32C();
      crc.update(payload);
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.write(log);
      DataOutputStream o = new DataOutputStream(all);
      o.writeInt(payload.length);
      o.writeInt((int) crc.getValue());
      o.write(payload);
      Path file = tmp.resolve("edits-bad");
      Files.write(file, all.toByteArray());
      List<EditOp> applied = new ArrayList<>();
      IOException e = assertThrows(IOException.class, () -> EditLog.replay(file, 0, (t, op) -> applied.add(op)));
      assertTrue(e.getMessage().contains("unreadable record at byte " + log.length), e.getMessage());
      assertEquals(ops, applied);
      assertEquals(all.size(), Files.size(file), "a checksummed record is not cut off silently");
    }
  }
}
