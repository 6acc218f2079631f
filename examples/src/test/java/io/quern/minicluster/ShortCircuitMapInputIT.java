package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.examples.WordCount;
import io.quern.io.IntWritable;
import io.quern.io.Text;
import io.quern.mapreduce.FileSystemCounter;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobCounter;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Map tasks read their splits short-circuit from the DataNode of their worker's host, whatever
 * host the job was submitted from: the worker and the DataNode play host 127.0.0.2, the client
 * 127.0.0.1. The job's BYTES_READ_SHORT_CIRCUIT counter covers its whole input, and with
 * {@code dfs.client.read.shortcircuit=false} it is absent while the output stays the same.
 */
@Timeout(120)
class ShortCircuitMapInputIT {
  private static final String HOST = "127.0.0.2";

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  static java.nio.file.Path dir;
  static MiniMrCluster mr;
  static long inputBytes;
  static Map<String, Integer> reference = new TreeMap<>();

  @BeforeAll
  static void start() throws Exception {
    // As /tmp/quern-$USER is: task JVMs of a user of their own reach the DataNode's socket below it.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    mr = MiniMrCluster.builder(dir).workers(1).slots(2, 1).dataNodeHosts(HOST).workerConf((i, conf) -> {
      conf.set("quern.daemon.host", HOST);
      conf.set("mapred.task.tracker.http.address", HOST + ":0");
    }).start();
    // Three blocks of 1 MiB and a bit: three splits, each read past its end to finish its last line.
    StringBuilder text = new StringBuilder();
    Random random = new Random(7);
    while (text.length() < 3 * (1 << 20) + 1000) {
      StringBuilder line = new StringBuilder();
      for (int w = 0; w < 12; w++) {
        String word = "w" + Integer.toString(random.nextInt(500), 36);
        reference.merge(word, 1, Integer::sum);
        line.append(w == 0 ? "" : " ").append(word);
      }
      text.append(line).append('\n');
    }
    mr.write("/in/words.txt", text.toString());
    inputBytes = text.length();
  }

  @AfterAll
  static void stop() throws Exception {
    if (mr != null) {
      mr.close();
    }
  }

  private static Job wordCount(String out, boolean shortCircuit) throws Exception {
    Configuration conf = mr.conf();
    conf.setBoolean("dfs.client.read.shortcircuit", shortCircuit);
    Job job = Job.getInstance(conf, "wc-" + shortCircuit);
    job.setMapperClass(WordCount.TokenizerMapper.class);
    job.setCombinerClass(WordCount.IntSumReducer.class);
    job.setReducerClass(WordCount.IntSumReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    FileInputFormat.addInputPath(job, "/in");
    FileOutputFormat.setOutputPath(job, out);
    assertTrue(job.waitForCompletion(false), job.getFailureInfo());
    return job;
  }

  private static Map<String, Integer> counts(String out) throws Exception {
    Map<String, Integer> counts = new TreeMap<>();
    for (String line : mr.output(out)) {
      String[] kv = line.split("\t");
      counts.put(kv[0], Integer.parseInt(kv[1]));
    }
    return counts;
  }

  @Test
  void mapsOnTheDataNodesHostReadTheirSplitsShortCircuit() throws Exception {
    Job job = wordCount("/out-local", true);
    assertEquals(reference, counts("/out-local"));
    assertEquals(3, job.getCounters().findCounter(JobCounter.DATA_LOCAL_MAPS).getValue());
    assertEquals(inputBytes, job.getCounters().findCounter(FileSystemCounter.BYTES_READ).getValue());
    long local = job.getCounters().findCounter(FileSystemCounter.BYTES_READ_SHORT_CIRCUIT).getValue();
    // Each split also reads on past its end to finish its last line, short-circuit as well.
    assertTrue(local >= inputBytes, "only " + local + " of " + inputBytes + " input bytes were read short-circuit");
  }

  @Test
  void withShortCircuitOffTheSameJobReadsOverRpc() throws Exception {
    Job job = wordCount("/out-rpc", false);
    assertEquals(reference, counts("/out-rpc"));
    assertEquals(0, job.getCounters().findCounter(FileSystemCounter.BYTES_READ_SHORT_CIRCUIT).getValue());
  }
}
