package io.quern.examples;

import io.quern.conf.Configured;
import io.quern.fs.BlockLocation;
import io.quern.fs.Path;
import io.quern.io.IntWritable;
import io.quern.io.Text;
import io.quern.io.Writable;
import io.quern.io.WritableComparable;
import io.quern.io.compress.CompressionCodecFactory;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.input.FileSplit;
import io.quern.mapreduce.lib.input.LineRecordReader;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.mapreduce.lib.reduce.IntSumReducer;
import io.quern.util.Tool;
import io.quern.util.ToolRunner;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringTokenizer;

/**
 * Word count over many small files: {@code multifilewc IN[,IN...] OUT}. Where wordcount gives
 * each file at least one map, this job's input format packs files (and pieces of large ones)
 * into splits of up to {@code mapreduce.input.fileinputformat.split.maxsize} bytes (by default
 * a block), so a thousand small files make a few maps. Hadoop's example does this with
 * CombineFileInputFormat, which Quern does not have; {@link MultiFileInputFormat} is the part
 * of it this job needs.
 */
public class MultiFileWordCount extends Configured implements Tool {

  /** A line's place: the name of its file and its byte offset there. */
  public static class WordOffset implements WritableComparable<WordOffset> {
    private String fileName = "";
    private long offset;

    public String getFileName() {
      return fileName;
    }

    public long getOffset() {
      return offset;
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeLong(offset);
      Text.writeString(out, fileName);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      offset = in.readLong();
      fileName = Text.readString(in);
    }

    @Override
    public int compareTo(WordOffset o) {
      int c = fileName.compareTo(o.fileName);
      return c != 0 ? c : Long.compare(offset, o.offset);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof WordOffset w && w.offset == offset && w.fileName.equals(fileName);
    }

    @Override
    public int hashCode() {
      return fileName.hashCode() * 31 + Long.hashCode(offset);
    }

    @Override
    public String toString() {
      return fileName + ":" + offset;
    }
  }

  /** Byte ranges of several files, read one after the other by one map. */
  public static class MultiFileSplit extends InputSplit implements Writable {
    private String[] paths = new String[0];
    private long[] starts = new long[0];
    private long[] lengths = new long[0];
    // Only the client needs the hosts (for the scheduler); they do not travel with the split.
    private String[] hosts = new String[0];

    public MultiFileSplit() {}

    MultiFileSplit(List<FileSplit> chunks, String[] hosts) {
      int n = chunks.size();
      paths = new String[n];
      starts = new long[n];
      lengths = new long[n];
      for (int i = 0; i < n; i++) {
        paths[i] = chunks.get(i).getPath().toString();
        starts[i] = chunks.get(i).getStart();
        lengths[i] = chunks.get(i).getLength();
      }
      this.hosts = hosts;
    }

    public int getNumPaths() {
      return paths.length;
    }

    /** The {@code i}-th byte range as a file split of its own. */
    public FileSplit chunk(int i) {
      return new FileSplit(paths[i], starts[i], lengths[i], new String[0]);
    }

    @Override
    public long getLength() {
      long sum = 0;
      for (long l : lengths) {
        sum += l;
      }
      return sum;
    }

    @Override
    public String[] getLocations() {
      return hosts;
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeInt(paths.length);
      for (int i = 0; i < paths.length; i++) {
        Text.writeString(out, paths[i]);
        out.writeLong(starts[i]);
        out.writeLong(lengths[i]);
      }
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      int n = in.readInt();
      if (n < 0) {
        throw new IOException("negative number of files in a split: " + n);
      }
      paths = new String[n];
      starts = new long[n];
      lengths = new long[n];
      for (int i = 0; i < n; i++) {
        paths[i] = Text.readString(in);
        starts[i] = in.readLong();
        lengths[i] = in.readLong();
      }
      hosts = new String[0];
    }

    @Override
    public String toString() {
      return paths.length + " file ranges, " + getLength() + " bytes";
    }
  }

  /**
   * Packs the input files into {@link MultiFileSplit}s of at most the maximum split size: a
   * file larger than that is cut into pieces of it (unless compressed); pieces and small files
   * fill splits in file order. A split's hosts are the three holding most of its bytes.
   */
  public static class MultiFileInputFormat extends FileInputFormat<WordOffset, Text> {
    @Override
    public List<InputSplit> getSplits(JobContext context) throws IOException {
      List<io.quern.fs.FileStatus> files = listStatus(context);
      long maxSize = MapredKeys.SPLIT_MAXSIZE.getLong(context.getConfiguration());
      if (maxSize <= 0) {
        maxSize = files.isEmpty() ? Long.MAX_VALUE : Math.max(1, files.get(0).getBlockSize());
      }
      CompressionCodecFactory codecs = new CompressionCodecFactory(context.getConfiguration());
      List<InputSplit> splits = new ArrayList<>();
      List<FileSplit> current = new ArrayList<>();
      long currentSize = 0;
      for (io.quern.fs.FileStatus file : files) {
        boolean splitable = codecs.getCodec(file.getPath()) == null;
        long pieceSize = splitable ? maxSize : Math.max(1, file.getLen());
        for (long start = 0; start < file.getLen() || start == 0; start += pieceSize) {
          long len = Math.min(pieceSize, file.getLen() - start);
          if (!current.isEmpty() && currentSize + len > maxSize) {
            splits.add(split(current, context));
            current = new ArrayList<>();
            currentSize = 0;
          }
          current.add(new FileSplit(file.getPath(), start, len, new String[0]));
          currentSize += len;
          if (file.getLen() == 0) {
            break;
          }
        }
      }
      if (!current.isEmpty()) {
        splits.add(split(current, context));
      }
      return splits;
    }

    private static MultiFileSplit split(List<FileSplit> chunks, JobContext context) throws IOException {
      Map<String, Long> bytesOnHost = new HashMap<>();
      for (FileSplit c : chunks) {
        Path path = c.getPath();
        BlockLocation[] blocks = path.getFileSystem(context.getConfiguration())
            .getFileBlockLocations(path, c.getStart(), Math.max(1, c.getLength()));
        for (String host : blockHosts(blocks, c.getStart())) {
          bytesOnHost.merge(host, c.getLength(), Long::sum);
        }
      }
      String[] hosts = bytesOnHost.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(3).map(Map.Entry::getKey).toArray(String[]::new);
      return new MultiFileSplit(chunks, hosts);
    }

    @Override
    public RecordReader<WordOffset, Text> createRecordReader(InputSplit split, TaskAttemptContext context) {
      return new MultiFileLineReader();
    }
  }

  /** Reads the lines of a {@link MultiFileSplit}'s ranges in turn, each as text input reads a split. */
  public static class MultiFileLineReader extends RecordReader<WordOffset, Text> {
    private MultiFileSplit split;
    private TaskAttemptContext context;
    private int index = -1;
    private LineRecordReader lines;
    private long doneBytes;
    private final WordOffset key = new WordOffset();

    @Override
    public void initialize(InputSplit genericSplit, TaskAttemptContext context) {
      this.split = (MultiFileSplit) genericSplit;
      this.context = context;
    }

    @Override
    public boolean nextKeyValue() throws IOException {
      while (true) {
        if (lines != null && lines.nextKeyValue()) {
          key.offset = lines.getCurrentKey().get();
          return true;
        }
        if (lines != null) {
          lines.close();
          lines = null;
          doneBytes += split.lengths[index];
        }
        if (++index >= split.getNumPaths()) {
          return false;
        }
        FileSplit chunk = split.chunk(index);
        lines = new LineRecordReader();
        lines.initialize(chunk, context);
        key.fileName = chunk.getPath().getName();
      }
    }

    @Override
    public WordOffset getCurrentKey() {
      return key;
    }

    @Override
    public Text getCurrentValue() {
      return lines.getCurrentValue();
    }

    @Override
    public float getProgress() {
      long total = split.getLength();
      if (total == 0) {
        return index >= split.getNumPaths() ? 1f : 0f;
      }
      float inChunk = lines == null ? 0 : lines.getProgress() * split.lengths[index];
      return Math.min(1f, (doneBytes + inChunk) / total);
    }

    @Override
    public void close() throws IOException {
      if (lines != null) {
        lines.close();
      }
    }
  }

  /** Emits (word, 1) for each whitespace-separated word of a line. */
  public static class MapClass extends Mapper<WordOffset, Text, Text, IntWritable> {
    private static final IntWritable ONE = new IntWritable(1);
    private final Text word = new Text();

    @Override
    protected void map(WordOffset key, Text value, Context context) throws IOException, InterruptedException {
      StringTokenizer words = new StringTokenizer(value.toString());
      while (words.hasMoreTokens()) {
        word.set(words.nextToken());
        context.write(word, ONE);
      }
    }
  }

  @Override
  public int run(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("Usage: multifilewc <input_dir>[,<input_dir>...] <output>");
      return 2;
    }
    Job job = Job.getInstance(getConf(), "MultiFileWordCount");
    job.setJarByClass(MultiFileWordCount.class);
    job.setInputFormatClass(MultiFileInputFormat.class);
    job.setMapperClass(MapClass.class);
    job.setCombinerClass(IntSumReducer.class);
    job.setReducerClass(IntSumReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    FileInputFormat.addInputPaths(job, args[0]);
    FileOutputFormat.setOutputPath(job, args[1]);
    return job.waitForCompletion(true) ? 0 : 1;
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new MultiFileWordCount(), args));
  }
}
