package io.quern.mapreduce.lib.partition;

import io.quern.conf.Configurable;
import io.quern.conf.Configuration;
import io.quern.fs.Path;
import io.quern.io.NullWritable;
import io.quern.io.SequenceFile;
import io.quern.io.WritableComparable;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Partitioner;
import io.quern.mapreduce.task.JobContextImpl;
import io.quern.mapreduce.task.ReflectionUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Partitions keys into ranges so that reduce i gets only keys smaller than those of reduce
 * i+1: concatenated in order, the outputs are sorted. The split points (one fewer than the
 * reduces, sorted) come from a SequenceFile of keys, usually written by {@link InputSampler}.
 */
public class TotalOrderPartitioner<K extends WritableComparable<K>, V> extends Partitioner<K, V>
    implements Configurable {
  public static final String PARTITIONER_PATH = "mapreduce.totalorderpartitioner.path";

  /** With splitPoints: written once, by setConf on the task's thread before use. */
  private Configuration conf;
  private K[] splitPoints;

  public static void setPartitionFile(Configuration conf, String path) {
    conf.set(PARTITIONER_PATH, path);
  }

  /** Hadoop's form: the partition file as a path. */
  public static void setPartitionFile(Configuration conf, io.quern.fs.Path path) {
    setPartitionFile(conf, path.toString());
  }

  public static String getPartitionFile(Configuration conf) {
    return conf.get(PARTITIONER_PATH);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void setConf(Configuration conf) {
    this.conf = conf;
    String path = getPartitionFile(conf);
    if (path == null) {
      throw new IllegalArgumentException(PARTITIONER_PATH + " is not set: TotalOrderPartitioner needs a partition file");
    }
    Class<?> keyClass = new JobContextImpl(conf, null).getMapOutputKeyClass();
    List<K> keys = new ArrayList<>();
    Path file = new Path(path);
    try (SequenceFile.Reader reader = new SequenceFile.Reader(file.getFileSystem(conf).open(file))) {
      while (true) {
        K key = (K) ReflectionUtil.newInstance(keyClass, conf);
        if (!reader.next(key, NullWritable.get())) {
          break;
        }
        keys.add(key);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the partition file " + path + ": " + e.getMessage(), e);
    }
    int reduces = new JobContextImpl(conf, null).getNumReduceTasks();
    if (keys.size() != reduces - 1) {
      throw new IllegalArgumentException("partition file " + path + " holds " + keys.size()
          + " split points, but " + reduces + " reduces need " + (reduces - 1));
    }
    splitPoints = (K[]) keys.toArray(new WritableComparable[0]);
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  @Override
  public int getPartition(K key, V value, int numPartitions) {
    // First split point greater than the key: keys equal to a split point go right.
    int lo = 0;
    int hi = splitPoints.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (key.compareTo(splitPoints[mid]) >= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Convenience for drivers: sets this partitioner and its file on the job. */
  public static void configure(Job job, String partitionFile) {
    job.setPartitionerClass(TotalOrderPartitioner.class);
    setPartitionFile(job.getConfiguration(), partitionFile);
  }
}
