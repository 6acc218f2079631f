package io.quern.examples;

import io.quern.conf.Configuration;
import io.quern.conf.Configured;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.io.BytesWritable;
import io.quern.io.IntWritable;
import io.quern.io.LongWritable;
import io.quern.io.SequenceFile;
import io.quern.io.Writable;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.output.SequenceFileOutputFormat;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact hexadecimal digits of pi: {@code bbp START DIGITS MAPS WORKDIR} computes the DIGITS
 * (a multiple of 4) hex digits after the point starting at position START (1 is the first),
 * without computing the ones before, by the Bailey-Borwein-Plouffe formula
 * pi = sum_k 16^-k (4/(8k+1) - 2/(8k+4) - 1/(8k+5) - 1/(8k+6)).
 * Each map computes a range of positions; one reduce puts them in order. The client writes
 * {@code WORKDIR/pi_START_DIGITS.hex} (two hex digits a byte) and, when START is 1,
 * {@code WORKDIR/pi.txt} with the digits in hex and in decimal.
 */
public class BaileyBorweinPlouffe extends Configured implements Tool {
  static final String DIGIT_START = "mapreduce.BaileyBorweinPlouffe.digit.start";
  static final String DIGIT_SIZE = "mapreduce.BaileyBorweinPlouffe.digit.size";
  static final String DIGIT_PARTS = "mapreduce.BaileyBorweinPlouffe.digit.parts";
  /** Positions past this would overflow the 31-bit moduli of {@link #hexDigits}. */
  static final long LIMIT = 100_000_000L;
  static final int DIGITS_PER_CALL = 4;

  /**
   * The 4 hex digits of pi at positions {@code d+1 .. d+4} after the point, as a 16-bit value:
   * the top bits of frac(16^d pi). Each series term is a 64-bit binary fraction, floor(r 2^64 / m)
   * for r = 16^(d-k) mod m, summed modulo 1 by long overflow: the error, a few units of 2^-64
   * per term, reaches the 16 bits kept only when frac(16^d pi) lies that close to a multiple
   * of 2^-16.
   */
  static int hexDigits(long d) {
    if (d < 0 || d > LIMIT) {
      throw new IllegalArgumentException("digit position " + d + " outside [0, " + LIMIT + "]");
    }
    long x = 4 * series(1, d) - 2 * series(4, d) - series(5, d) - series(6, d);
    return (int) (x >>> 48);
  }

  /** frac(16^d sum_k 16^-k / (8k+j)) as a fraction of 2^64. */
  private static long series(int j, long d) {
    long sum = 0;
    for (long k = 0; k <= d; k++) {
      long m = 8 * k + j;
      sum += fraction(powMod16(d - k, m), m);
    }
    // The terms past d are 16^-t / m: below 2^-64 from t = 16 on (where a shift by 64 would not shift at all).
    for (int t = 1; t < 16; t++) {
      sum += fraction(1, 8 * (d + t) + j) >>> (4 * t);
    }
    return sum;
  }

  /** floor(r * 2^64 / m) for 0 <= r < m < 2^31, in two 32-bit long divisions. */
  private static long fraction(long r, long m) {
    long high = (r << 32) / m;
    long low = (((r << 32) % m) << 32) / m;
    return (high << 32) | low;
  }

  /** 16^e mod m by squaring; m < 2^31 keeps every product under 2^62. */
  private static long powMod16(long e, long m) {
    if (m == 1) {
      return 0;
    }
    long result = 1;
    long base = 16 % m;
    while (e > 0) {
      if ((e & 1) != 0) {
        result = result * base % m;
      }
      base = base * base % m;
      e >>= 1;
    }
    return result;
  }

  /** Computes the hex digits of its range; the key is the range's 0-based first position. */
  public static class BbpMapper extends Mapper<LongWritable, IntWritable, LongWritable, BytesWritable> {
    @Override
    protected void map(LongWritable offset, IntWritable length, Context context)
        throws IOException, InterruptedException {
      byte[] bytes = new byte[length.get() / 2];
      long d = offset.get();
      for (int i = 0; i < bytes.length; i += 2, d += DIGITS_PER_CALL) {
        int digits = hexDigits(d);
        bytes[i] = (byte) (digits >>> 8);
        bytes[i + 1] = (byte) digits;
        context.progress();
      }
      context.write(offset, new BytesWritable(bytes));
    }
  }

  /** A range of digit positions: the first (0-based) and how many. */
  public static class BbpSplit extends InputSplit implements Writable {
    long offset;
    int size;

    public BbpSplit() {}

    BbpSplit(long offset, int size) {
      this.offset = offset;
      this.size = size;
    }

    @Override
    public long getLength() {
      return size;
    }

    @Override
    public String[] getLocations() {
      return new String[0];
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeLong(offset);
      out.writeInt(size);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      offset = in.readLong();
      size = in.readInt();
    }
  }

  /** One record per split: (first position, number of digits). */
  public static class BbpInputFormat extends InputFormat<LongWritable, IntWritable> {
    @Override
    public List<InputSplit> getSplits(JobContext context) {
      Configuration conf = context.getConfiguration();
      List<InputSplit> splits = new ArrayList<>();
      long[] bounds = partition(ExampleKeys.BBP_DIGIT_START.getLong(conf) - 1, ExampleKeys.BBP_DIGIT_SIZE.getInt(conf),
          ExampleKeys.BBP_DIGIT_PARTS.getInt(conf));
      for (int i = 0; i + 1 < bounds.length; i++) {
        splits.add(new BbpSplit(bounds[i], (int) (bounds[i + 1] - bounds[i])));
      }
      return splits;
    }

    @Override
    public RecordReader<LongWritable, IntWritable> createRecordReader(InputSplit split, TaskAttemptContext context) {
      return new RecordReader<>() {
        private BbpSplit range;
        private boolean read;

        @Override
        public void initialize(InputSplit s, TaskAttemptContext c) {
          range = (BbpSplit) s;
        }

        @Override
        public boolean nextKeyValue() {
          boolean first = !read;
          read = true;
          return first;
        }

        @Override
        public LongWritable getCurrentKey() {
          return new LongWritable(range.offset);
        }

        @Override
        public IntWritable getCurrentValue() {
          return new IntWritable(range.size);
        }

        @Override
        public float getProgress() {
          return read ? 1f : 0f;
        }

        @Override
        public void close() {}
      };
    }
  }

  /**
   * Cuts positions {@code [start, start+size)} into at most {@code parts} ranges of whole
   * 4-digit groups and about equal work: a group at position p costs about p steps, so ranges
   * further out are shorter. Returns the bounds, first and last included.
   */
  static long[] partition(long start, int size, int parts) {
    int groups = size / DIGITS_PER_CALL;
    parts = Math.max(1, Math.min(parts, groups));
    double total = 0;
    for (int g = 0; g < groups; g++) {
      total += start + (long) g * DIGITS_PER_CALL + 1;
    }
    long[] bounds = new long[parts + 1];
    bounds[0] = start;
    double done = 0;
    int part = 1;
    for (int g = 0; g < groups && part < parts; g++) {
      done += start + (long) g * DIGITS_PER_CALL + 1;
      // Leave at least one group for each later part.
      if (done >= total * part / parts || groups - (g + 1) == parts - part) {
        bounds[part++] = start + (long) (g + 1) * DIGITS_PER_CALL;
      }
    }
    bounds[parts] = start + size;
    return bounds;
  }

  private static int usage(String error) {
    if (error != null) {
      System.err.println("ERROR: " + error);
    }
    System.err.println("Usage: bbp <startDigit> <nDigits> <nMaps> <workingDir>");
    ToolRunner.printGenericCommandUsage(System.err);
    return 2;
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length != 4) {
      return usage(null);
    }
    long start;
    int digits;
    int maps;
    try {
      start = Long.parseLong(args[0]);
      digits = Integer.parseInt(args[1]);
      maps = Integer.parseInt(args[2]);
    } catch (NumberFormatException e) {
      return usage("startDigit, nDigits and nMaps must be integers: " + e.getMessage());
    }
    if (start <= 0) {
      return usage("startDigit must be at least 1, not " + start);
    } else if (digits <= 0 || digits % DIGITS_PER_CALL != 0) {
      return usage("nDigits must be a positive multiple of " + DIGITS_PER_CALL + ", not " + digits);
    } else if (start - 1 + digits > LIMIT + DIGITS_PER_CALL) {
      return usage("the last digit, " + (start - 1 + digits) + ", is past the limit " + LIMIT);
    } else if (maps <= 0) {
      return usage("nMaps must be positive, not " + maps);
    }
    Configuration conf = getConf();
    FileSystem fs = FileSystem.get(conf);
    Path dir = fs.makeQualified(new Path(args[3]));
    if (fs.exists(dir)) {
      System.err.println("Working directory " + dir + " already exists; remove it first.");
      return 1;
    }
    fs.mkdirs(dir);
    System.out.println("Working Directory = " + dir);
    System.out.println("Start Digit      = " + start);
    System.out.println("Number of Digits = " + digits);
    System.out.println("Number of Maps   = " + maps);

    Job job = Job.getInstance(conf, "bbp_" + start + "_" + digits);
    job.setJarByClass(BaileyBorweinPlouffe.class);
    job.getConfiguration().setLong(DIGIT_START, start);
    job.getConfiguration().setInt(DIGIT_SIZE, digits);
    job.getConfiguration().setInt(DIGIT_PARTS, maps);
    job.setInputFormatClass(BbpInputFormat.class);
    job.setMapperClass(BbpMapper.class);
    // The identity reduce only orders the ranges by position.
    job.setNumReduceTasks(1);
    job.setOutputKeyClass(LongWritable.class);
    job.setOutputValueClass(BytesWritable.class);
    job.setOutputFormatClass(SequenceFileOutputFormat.class);
    job.setSpeculativeExecution(false);
    Path out = new Path(dir, "out");
    FileOutputFormat.setOutputPath(job, out);
    long began = System.currentTimeMillis();
    if (!job.waitForCompletion(true)) {
      System.err.println("Job failed.");
      return 1;
    }
    System.out.println("Duration is " + (System.currentTimeMillis() - began) / 1000.0 + " seconds.");

    byte[] hex = readDigits(new Path(out, "part-r-00000"), conf);
    Path hexFile = new Path(dir, "pi_" + start + "_" + digits + ".hex");
    try (OutputStream o = fs.create(hexFile)) {
      o.write(hex);
    }
    System.out.println("Output file: " + hexFile);
    if (start == 1) {
      Path text = new Path(dir, "pi.txt");
      try (PrintWriter w = new PrintWriter(new OutputStreamWriter(fs.create(text), StandardCharsets.UTF_8))) {
        w.print(describe(hex));
      }
      System.out.println("Text file: " + text);
    }
    return 0;
  }

  /** The ranges' digits of the reduce output, concatenated in position order. */
  private static byte[] readDigits(Path part, Configuration conf) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try (SequenceFile.Reader r = new SequenceFile.Reader(part.getFileSystem(conf).open(part), conf)) {
      LongWritable offset = new LongWritable();
      BytesWritable bytes = new BytesWritable();
      while (r.next(offset, bytes)) {
        all.write(bytes.getBytes(), 0, bytes.getLength());
      }
    }
    return all.toByteArray();
  }

  /** pi in hex and in decimal from its first hex digits (two a byte): as many decimals as hex digits. */
  static String describe(byte[] hex) {
    StringBuilder hexDigits = new StringBuilder();
    for (byte b : hex) {
      hexDigits.append(String.format("%02X", b & 0xff));
    }
    int n = hexDigits.length();
    // n hex digits fix about 1.2 n decimals, so the first n of the truncated fraction are pi's
    // (unless a run of nines or zeros spans the gap, which for n past a few is vanishingly rare).
    BigInteger fraction = n == 0 ? BigInteger.ZERO : new BigInteger(hexDigits.toString(), 16);
    String decimals = fraction.multiply(BigInteger.TEN.pow(n)).shiftRight(4 * n).toString();
    decimals = "0".repeat(n - decimals.length()) + decimals;
    StringBuilder s = new StringBuilder();
    s.append(grouped("Pi = 0x3.", hexDigits.toString()));
    s.append("Total number of hexadecimal digits is ").append(n).append(".\n");
    s.append(grouped("Pi = 3.", decimals));
    s.append("Total number of decimal digits is ").append(n).append(".\n");
    return s.toString();
  }

  /** Digits in groups of 10, 5 groups a line, continuation lines indented under the first digit. */
  private static String grouped(String prefix, String digits) {
    StringBuilder s = new StringBuilder("\n").append(prefix);
    String indent = " ".repeat(prefix.length());
    for (int i = 0; i < digits.length(); i += 10) {
      if (i > 0) {
        s.append(i % 50 == 0 ? "\n" + indent : " ");
      }
      s.append(digits, i, Math.min(digits.length(), i + 10));
    }
    return s.append('\n').toString();
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new BaileyBorweinPlouffe(), args));
  }
}
