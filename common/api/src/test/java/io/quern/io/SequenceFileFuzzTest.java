package io.quern.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the SequenceFile reader: truncation, bit flips, overwritten runs and inserted
 * garbage. Reading a damaged file yields records and then either ends or fails with an
 * IOException naming the offset (or, in the header, what is wrong); never another exception and
 * never an allocation larger than the file.
 */
class SequenceFileFuzzTest {
  static final long BUDGET_MS = 3_000;
  byte[] file;
  int records;

  /** An in-memory {@link SeekableInput}. */
  static final class Bytes implements SeekableInput {
    final byte[] b;
    int pos;

    Bytes(byte[] b) {
      this.b = b;
    }

    public long getPos() {
      return pos;
    }

    public void seek(long p) throws IOException {
      if (p < 0 || p > b.length) {
        throw new IOException("seek to " + p + " outside 0.." + b.length);
      }
      pos = (int) p;
    }

    public int read(byte[] buf, int off, int len) {
      if (pos >= b.length) {
        return -1;
      }
      int n = Math.min(len, b.length - pos);
      System.arraycopy(b, pos, buf, off, n);
      pos += n;
      return n;
    }

    public long length() {
      return b.length;
    }

    public void close() {}

    @Override
    public String toString() {
      return "fuzzed.seq";
    }
  }

  @BeforeEach
  void write() throws IOException {
    Random r = new Random(5);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (SequenceFile.Writer w = new SequenceFile.Writer(out, Text.class, BytesWritable.class)) {
      for (records = 0; records < 400; records++) {
        byte[] v = new byte[r.nextInt(200)];
        r.nextBytes(v);
        w.append(new Text("key-" + records + "-" + WritablesTest.randomUnicode(r, 10)), new BytesWritable(v));
      }
    }
    file = out.toByteArray();
  }

  /** Reads every record; returns how many, or -1 when the reader refused with a clear IOException. */
  int readAll(byte[] b) {
    try (SequenceFile.Reader reader = new SequenceFile.Reader(new Bytes(b))) {
      Text k = new Text();
      BytesWritable v = new BytesWritable();
      int n = 0;
      try {
        while (reader.next(k, v)) {
          n++;
        }
      } catch (IOException e) {
        assertTrue(e.getMessage() != null && e.getMessage().contains("offset"), e.getMessage());
        return -1;
      }
      return n;
    } catch (IOException e) {
      assertTrue(e.getMessage() != null && e.getMessage().contains("fuzzed.seq"), e.getMessage());
      return -1;
    } catch (Throwable t) {
      fail("reading a damaged SequenceFile threw " + t, t);
      return -2;
    }
  }

  @Test
  void intactFileReadsEveryRecord() {
    assertEquals(records, readAll(file));
  }

  @Test
  void randomDamageEndsInRecordsOrAClearError() {
    Random r = new Random(9);
    long deadline = System.currentTimeMillis() + BUDGET_MS;
    int trials = 0;
    int refused = 0;
    while (System.currentTimeMillis() < deadline && trials < 5000) {
      trials++;
      byte[] b = file.clone();
      switch (r.nextInt(4)) {
        case 0 -> b = Arrays.copyOf(b, r.nextInt(b.length));
        case 1 -> {
          for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) {
            b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
          }
        }
        case 2 -> {
          // A run of 0x7f/0xff: huge lengths for every int and vint field it covers.
          int at = r.nextInt(b.length);
          byte fill = r.nextBoolean() ? (byte) 0x7f : (byte) 0xff;
          Arrays.fill(b, at, Math.min(b.length, at + 1 + r.nextInt(12)), fill);
        }
        default -> {
          byte[] junk = new byte[1 + r.nextInt(64)];
          r.nextBytes(junk);
          int at = r.nextInt(b.length);
          byte[] out = new byte[b.length + junk.length];
          System.arraycopy(b, 0, out, 0, at);
          System.arraycopy(junk, 0, out, at, junk.length);
          System.arraycopy(b, at, out, at + junk.length, b.length - at);
          b = out;
        }
      }
      int n = readAll(b);
      if (n < 0) {
        refused++;
      } else {
        assertTrue(n <= records + 64, n + " records from a file of " + records);
      }
    }
    assertTrue(trials >= 200 && refused > 0, trials + " trials, " + refused + " refused");
  }
}
