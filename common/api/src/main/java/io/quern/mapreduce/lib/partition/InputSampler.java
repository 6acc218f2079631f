package io.quern.mapreduce.lib.partition;

import io.quern.conf.Configuration;
import io.quern.fs.FileUtil;
import io.quern.fs.Path;
import io.quern.io.DataInputBuffer;
import io.quern.io.DataOutputBuffer;
import io.quern.io.NullWritable;
import io.quern.io.SequenceFile;
import io.quern.io.Writable;
import io.quern.io.WritableComparable;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobID;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.TaskID;
import io.quern.mapreduce.TaskType;
import io.quern.mapreduce.task.ReflectionUtil;
import io.quern.mapreduce.task.TaskAttemptContextImpl;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Samples a job's input keys in the client and writes the split points of a
 * {@link TotalOrderPartitioner}: the keys at evenly spaced ranks of the sorted sample.
 */
public final class InputSampler {
  private InputSampler() {}

  /** Draws a sample of input keys. */
  public interface Sampler<K, V> {
    List<K> getSample(InputFormat<K, V> inf, Job job) throws IOException, InterruptedException;
  }

  /** The first records of evenly spaced splits: cheap, good when input order is random. */
  public static class SplitSampler<K, V> implements Sampler<K, V> {
    private final int numSamples;
    private final int maxSplitsSampled;

    public SplitSampler(int numSamples, int maxSplitsSampled) {
      this.numSamples = numSamples;
      this.maxSplitsSampled = maxSplitsSampled;
    }

    @Override
    public List<K> getSample(InputFormat<K, V> inf, Job job) throws IOException, InterruptedException {
      List<InputSplit> splits = inf.getSplits(job);
      int sampled = Math.min(maxSplitsSampled, splits.size());
      List<K> out = new ArrayList<>();
      if (sampled == 0) {
        return out;
      }
      int perSplit = Math.max(1, numSamples / sampled);
      for (int i = 0; i < sampled; i++) {
        InputSplit split = splits.get(i * splits.size() / sampled);
        readKeys(inf, job, split, perSplit, 1.0, null, out);
      }
      return out;
    }
  }

  /** Each record with probability {@code freq}, up to {@code numSamples}, from evenly spaced splits. */
  public static class RandomSampler<K, V> implements Sampler<K, V> {
    private final double freq;
    private final int numSamples;
    private final int maxSplitsSampled;
    private final Random random = new Random(0x5eed);

    public RandomSampler(double freq, int numSamples, int maxSplitsSampled) {
      this.freq = freq;
      this.numSamples = numSamples;
      this.maxSplitsSampled = maxSplitsSampled;
    }

    @Override
    public List<K> getSample(InputFormat<K, V> inf, Job job) throws IOException, InterruptedException {
      List<InputSplit> splits = inf.getSplits(job);
      int sampled = Math.min(maxSplitsSampled, splits.size());
      List<K> out = new ArrayList<>();
      for (int i = 0; i < sampled && out.size() < numSamples; i++) {
        InputSplit split = splits.get(i * splits.size() / sampled);
        readKeys(inf, job, split, numSamples - out.size(), freq, random, out);
      }
      return out;
    }
  }

  private static <K, V> void readKeys(InputFormat<K, V> inf, Job job, InputSplit split, int max, double freq,
      Random random, List<K> out) throws IOException, InterruptedException {
    Configuration conf = job.getConfiguration();
    TaskAttemptContextImpl ctx = new TaskAttemptContextImpl(conf,
        new TaskAttemptID(new TaskID(new JobID("sampler", 0), TaskType.MAP, 0), 0));
    int taken = 0;
    try (RecordReader<K, V> reader = inf.createRecordReader(split, ctx)) {
      reader.initialize(split, ctx);
      while (taken < max && reader.nextKeyValue()) {
        if (random == null || random.nextDouble() < freq) {
          out.add(copy(reader.getCurrentKey(), conf));
          taken++;
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <K> K copy(K key, Configuration conf) throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    ((Writable) key).write(out);
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    K copy = (K) ReflectionUtil.newInstance(key.getClass(), conf);
    ((Writable) copy).readFields(in);
    return copy;
  }

  /**
   * Samples the job's input and writes the reduces-1 split points to the job's partition
   * file ({@link TotalOrderPartitioner#setPartitionFile}).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <K, V> void writePartitionFile(Job job, Sampler<K, V> sampler)
      throws IOException, InterruptedException {
    Configuration conf = job.getConfiguration();
    InputFormat inf = ReflectionUtil.newInstance(job.getInputFormatClass(), conf);
    int reduces = job.getNumReduceTasks();
    List<K> sample = sampler.getSample(inf, job);
    sample.sort((a, b) -> ((WritableComparable) a).compareTo(b));
    String path = TotalOrderPartitioner.getPartitionFile(conf);
    if (path == null) {
      throw new IOException(TotalOrderPartitioner.PARTITIONER_PATH + " is not set");
    }
    if (reduces > 1 && sample.isEmpty()) {
      throw new IOException("the input gave no keys to sample for " + reduces + " partitions");
    }
    try (OutputStream raw = FileUtil.create(new Path(path), conf);
        SequenceFile.Writer writer = new SequenceFile.Writer(raw, job.getMapOutputKeyClass(), NullWritable.class)) {
      for (int i = 1; i < reduces; i++) {
        int rank = (int) ((long) i * sample.size() / reduces);
        writer.append((Writable) sample.get(Math.min(rank, sample.size() - 1)), NullWritable.get());
      }
    }
  }
}
