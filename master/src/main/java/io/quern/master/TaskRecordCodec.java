package io.quern.master;

import io.quern.mapreduce.CountersSnapshot;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.TaskID;
import io.quern.mapreduce.TaskType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The finished-task records of one job as the job store writes them, several per batch (one
 * znode each), in a binary form some 10 times smaller than the text of earlier masters, which a
 * 100,000-task job made hundreds of MB of ZooKeeper data:
 *
 * <pre>
 * batch:  byte FORMAT, byte flags (FRESH_NAMES), vint records, record...
 * record: byte head (bits 0-1: map, reduce, cleanup, or 3 = ids as text; bit 2: shuffle; bit 3: locality)
 *         vint task number, vint attempt number       (or: string task id, string attempt id)
 *         name worker, [name shuffle], [name locality]
 *         zigzag vlong start - the batch's previous start, zigzag vlong finish - start
 *         vint groups, per group: name group, vint counters, per counter: name, zigzag vlong value
 * name:   vint entry + 1, or vint 0, vint entry, string: the entry's definition
 * string: vint length, UTF-8 bytes
 * </pre>
 *
 * Names (workers, endpoints, counter groups and names) are defined once per job and referred to
 * by entry afterwards, across the job's batches, read in the order they were written. A batch
 * leans only on batches its writer saw written: after a write that failed, or may have failed,
 * the next batch starts a fresh table ({@code FRESH_NAMES}), as does a new leader's first. A
 * definition names its entry, so that a batch stored twice (a write retried after its answer was
 * lost) defines the same entries again rather than shifting those of the batches after it.
 * Zero counters are left out (a job's totals are sums, which they do not change).
 */
final class TaskRecordCodec {
  /** The first byte of a binary batch; text batches of earlier masters start with {@code task=}. */
  static final int FORMAT = 1;
  private static final int FRESH_NAMES = 1;
  private static final int IDS_AS_TEXT = 3;
  private static final int HAS_SHUFFLE = 4;
  private static final int HAS_LOCALITY = 8;

  private TaskRecordCodec() {}

  private static final TaskType[] TYPES = {TaskType.MAP, TaskType.REDUCE, TaskType.JOB_CLEANUP};

  /** Writes one job's batches; not thread-safe (the job store writes a job's records one batch at a time). */
  static final class Encoder {
    /** The job, for ids written as numbers; null when its id is not one this master writes (ids go as text). */
    private final JobID job;
    /** The names the batches written so far defined, by entry. */
    private final Map<String, Integer> names = new HashMap<>();
    private boolean fresh = true;

    Encoder(String jobId) {
      JobID parsed;
      try {
        parsed = WireIds.job(jobId);
      } catch (IllegalArgumentException e) {
        parsed = null;
      }
      this.job = parsed;
    }

    /** A new batch, to be followed by {@link #written} or {@link #notWritten} before the next. */
    Batch batch() {
      return new Batch(this);
    }

    /** The batch is stored: later batches may use its names. */
    void written(Batch b) {
      if (fresh) {
        names.clear();
        fresh = false;
      }
      names.putAll(b.added);
    }

    /** The batch's write failed, or its outcome is unknown: the next batch leans on none before it. */
    void notWritten() {
      names.clear();
      fresh = true;
    }
  }

  /** Records on their way to one znode. */
  static final class Batch {
    private final Encoder encoder;
    private final Map<String, Integer> added = new HashMap<>();
    private final int base;
    private final Bytes body = new Bytes();
    private int records;
    private long lastStart;

    private Batch(Encoder encoder) {
      this.encoder = encoder;
      this.base = encoder.fresh ? 0 : encoder.names.size();
    }

    void add(TaskRecord r) {
      TaskAttemptID id = compactId(r);
      int head = (id == null ? IDS_AS_TEXT : id.getTaskType().ordinal()) | (r.shuffleEndpoint() != null ? HAS_SHUFFLE : 0)
          | (r.locality() != null ? HAS_LOCALITY : 0);
      body.write(head);
      if (id == null) {
        body.string(r.taskId());
        body.string(r.attemptId());
      } else {
        body.vlong(id.getTaskID().getId());
        body.vlong(id.getId());
      }
      name(r.workerId());
      if (r.shuffleEndpoint() != null) {
        name(r.shuffleEndpoint());
      }
      if (r.locality() != null) {
        name(r.locality());
      }
      body.zigzag(r.startMillis() - lastStart);
      body.zigzag(r.finishMillis() - r.startMillis());
      lastStart = r.startMillis();
      Map<String, Map<String, Long>> groups = r.counters().groups();
      int nonEmpty = 0;
      for (Map<String, Long> g : groups.values()) {
        if (nonZero(g) > 0) {
          nonEmpty++;
        }
      }
      body.vlong(nonEmpty);
      for (Map.Entry<String, Map<String, Long>> g : groups.entrySet()) {
        int n = nonZero(g.getValue());
        if (n == 0) {
          continue;
        }
        name(g.getKey());
        body.vlong(n);
        for (Map.Entry<String, Long> c : g.getValue().entrySet()) {
          if (c.getValue() != 0) {
            name(c.getKey());
            body.zigzag(c.getValue());
          }
        }
      }
      records++;
    }

    /** The record's attempt id when it is one of this job's, printed back exactly; null to write both ids as text. */
    private TaskAttemptID compactId(TaskRecord r) {
      if (encoder.job == null) {
        return null;
      }
      try {
        TaskAttemptID id = WireIds.attempt(r.attemptId());
        return id.getJobID().equals(encoder.job) && id.getTaskID().toString().equals(r.taskId()) ? id : null;
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    private static int nonZero(Map<String, Long> counters) {
      int n = 0;
      for (long v : counters.values()) {
        if (v != 0) {
          n++;
        }
      }
      return n;
    }

    private void name(String s) {
      Integer entry = encoder.fresh ? null : encoder.names.get(s);
      if (entry == null) {
        entry = added.get(s);
      }
      if (entry != null) {
        body.vlong(entry + 1L);
        return;
      }
      int defined = base + added.size();
      body.vlong(0);
      body.vlong(defined);
      body.string(s);
      added.put(s, defined);
    }

    int records() {
      return records;
    }

    /** Bytes of the batch so far, near enough to bound a znode. */
    int size() {
      return body.size() + 8;
    }

    byte[] toBytes() {
      Bytes out = new Bytes();
      out.write(FORMAT);
      out.write(encoder.fresh ? FRESH_NAMES : 0);
      out.vlong(records);
      out.append(body);
      return out.toArray();
    }
  }

  /**
   * Reads one job's batches in the order they were written, binary or the text of earlier
   * masters. A batch it cannot read fails with one {@link IOException}; the batches after it that
   * lean on its names fail too, until one starts a fresh table.
   */
  static final class Decoder {
    private final JobID job;
    private final List<String> names = new ArrayList<>();
    private boolean broken;

    Decoder(String jobId) {
      JobID parsed;
      try {
        parsed = WireIds.job(jobId);
      } catch (IllegalArgumentException e) {
        parsed = null;
      }
      this.job = parsed;
    }

    List<TaskRecord> decode(byte[] data) throws IOException {
      if (TextTaskRecords.isTextBatch(data)) {
        return TextTaskRecords.decodeBatch(new String(data, StandardCharsets.UTF_8));
      }
      if (data.length == 0) {
        throw new IOException("the batch is empty");
      }
      int format = data[0] & 0xff;
      if (format != FORMAT) {
        throw new IOException(format < 0x20 ? "the batch is of format " + format + ", which this master does not know"
            + " (written by a newer master?)" : "the batch is neither binary nor the text of an earlier master");
      }
      Reader in = new Reader(data, 1);
      boolean fresh = (in.readByte() & FRESH_NAMES) != 0;
      if (fresh) {
        names.clear();
      } else if (broken) {
        throw new IOException("the batch uses names defined in an earlier batch that could not be read");
      }
      broken = true; // until the batch is read whole: the names it defined before a flaw are not to be used
      long count = in.vlong();
      if (count < 0 || count > data.length) {
        throw new IOException("it claims " + count + " records in " + data.length + " bytes");
      }
      List<TaskRecord> out = new ArrayList<>((int) count);
      long lastStart = 0;
      for (long i = 0; i < count; i++) {
        TaskRecord r = record(in, lastStart);
        lastStart = r.startMillis();
        out.add(r);
      }
      if (in.pos != data.length) {
        throw new IOException((data.length - in.pos) + " bytes follow its last record");
      }
      broken = false;
      return out;
    }

    private TaskRecord record(Reader in, long lastStart) throws IOException {
      int head = in.readByte();
      if (head > 15) {
        throw new IOException("a record starts with the unknown byte " + head);
      }
      String taskId;
      String attemptId;
      if ((head & 3) == IDS_AS_TEXT) {
        taskId = in.string();
        attemptId = in.string();
      } else {
        if (job == null) {
          throw new IOException("a record names its task by number, but the job's id is not one to number by");
        }
        long task = in.vlong();
        long attempt = in.vlong();
        if (task > Integer.MAX_VALUE || attempt > Integer.MAX_VALUE) {
          throw new IOException("a record's task or attempt number is out of range");
        }
        TaskAttemptID id = new TaskAttemptID(new TaskID(job, TYPES[head & 3], (int) task), (int) attempt);
        taskId = id.getTaskID().toString();
        attemptId = id.toString();
      }
      String worker = name(in);
      String shuffle = (head & HAS_SHUFFLE) != 0 ? name(in) : null;
      String locality = (head & HAS_LOCALITY) != 0 ? name(in) : null;
      long start = lastStart + in.zigzag();
      long finish = start + in.zigzag();
      long groups = in.vlong();
      Map<String, Map<String, Long>> counters = new LinkedHashMap<>();
      for (long g = 0; g < groups; g++) {
        String group = name(in);
        long n = in.vlong();
        Map<String, Long> values = counters.computeIfAbsent(group, k -> new LinkedHashMap<>());
        for (long c = 0; c < n; c++) {
          values.put(name(in), in.zigzag());
        }
      }
      return new TaskRecord(taskId, attemptId, worker, shuffle, start, finish, locality,
          counters.isEmpty() ? CountersSnapshot.EMPTY : new CountersSnapshot(counters));
    }

    private String name(Reader in) throws IOException {
      long ref = in.vlong();
      if (ref == 0) {
        long entry = in.vlong();
        String s = in.string();
        if (entry == names.size()) {
          names.add(s);
        } else if (entry < 0 || entry > names.size() || !names.get((int) entry).equals(s)) {
          throw new IOException("a record defines name " + entry + " as \"" + s + "\" with " + names.size()
              + " defined" + (entry >= 0 && entry < names.size() ? " and that one as \"" + names.get((int) entry) + "\""
              : ""));
        }
        return s;
      }
      if (ref > names.size()) {
        throw new IOException("a record refers to name " + (ref - 1) + " of " + names.size() + " defined");
      }
      return names.get((int) (ref - 1));
    }
  }

  /** A growing byte array with the varints above. */
  private static final class Bytes {
    private byte[] buf = new byte[256];
    private int size;

    private void room(int n) {
      if (size + n > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
      }
    }

    void write(int b) {
      room(1);
      buf[size++] = (byte) b;
    }

    private void write(byte[] b, int off, int len) {
      room(len);
      System.arraycopy(b, off, buf, size, len);
      size += len;
    }

    /** Unsigned LEB128: 7 bits a byte, low first; a set high bit says more follow. */
    void vlong(long v) {
      room(10);
      while ((v & ~0x7FL) != 0) {
        buf[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[size++] = (byte) v;
    }

    void zigzag(long v) {
      vlong((v << 1) ^ (v >> 63));
    }

    void string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      vlong(b.length);
      write(b, 0, b.length);
    }

    void append(Bytes other) {
      write(other.buf, 0, other.size);
    }

    int size() {
      return size;
    }

    byte[] toArray() {
      return java.util.Arrays.copyOf(buf, size);
    }
  }

  /** Reads {@link Bytes}' forms, every read checked against the end of the data. */
  private static final class Reader {
    private final byte[] data;
    private int pos;

    Reader(byte[] data, int pos) {
      this.data = data;
      this.pos = pos;
    }

    int readByte() throws IOException {
      if (pos >= data.length) {
        throw new IOException("it ends in the middle of a record (" + data.length + " bytes)");
      }
      return data[pos++] & 0xff;
    }

    long vlong() throws IOException {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = readByte();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IOException("a number at byte " + pos + " runs past 10 bytes");
    }

    long zigzag() throws IOException {
      long v = vlong();
      return (v >>> 1) ^ -(v & 1);
    }

    String string() throws IOException {
      long n = vlong();
      if (n < 0 || n > data.length - pos) {
        throw new IOException("a string of " + n + " bytes at byte " + pos + " runs past the end (" + data.length
            + " bytes)");
      }
      String s = new String(data, pos, (int) n, StandardCharsets.UTF_8);
      pos += (int) n;
      return s;
    }
  }
}
