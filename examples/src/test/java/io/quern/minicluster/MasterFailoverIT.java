package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.cluster.zk.ZkCluster;
import io.quern.conf.Configuration;
import io.quern.examples.WordCount;
import io.quern.io.IntWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Counters;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobCounter;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import io.quern.testutil.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job rides through the failover of its master: the next leader takes over the maps the
 * first one saw finish and runs only the rest.
 */
@Timeout(180)
class MasterFailoverIT {
  @TempDir
  Path dir;

  @Test
  void aJobSurvivesTheLossOfItsMaster() throws Exception {
    try (MiniMrCluster cluster = new MiniMrCluster(dir, 2, 2, 2, 1)) {
      Path in = dir.resolve("in");
      Files.createDirectories(in);
      Map<String, Integer> reference = new HashMap<>();
      // Eight maps on four slots: two waves, so that the master dies with maps done and maps to do.
      for (int f = 0; f < 8; f++) {
        StringBuilder b = new StringBuilder();
        for (int l = 0; l < 150; l++) {
          String w = "w" + (l * 7 + f) % 50;
          reference.merge(w, 1, Integer::sum);
          b.append(w).append('\n');
        }
        Files.writeString(in.resolve("f" + f), b.toString());
      }
      Configuration conf = cluster.conf();
      Job job = Job.getInstance(conf, "failover");
      job.setMapperClass(MiniMrClusterIT.SlowMapper.class);
      job.setReducerClass(WordCount.IntSumReducer.class);
      job.setOutputKeyClass(Text.class);
      job.setOutputValueClass(IntWritable.class);
      job.setNumReduceTasks(1);
      FileInputFormat.addInputPath(job, in.toString());
      Path out = dir.resolve("out");
      FileOutputFormat.setOutputPath(job, out.toString());
      job.submit();
      String jobId = job.getStatus().jobId();
      try (ZkCluster zk = ZkCluster.connectForReading(conf)) {
        Wait.until("the first map to be recorded as finished", Duration.ofMillis(60_000), () -> {
          try {
            return !zk.curator().getChildren().forPath(zk.layout().job(jobId)).isEmpty();
          } catch (Exception e) {
            return false;
          }
        });
      }
      cluster.stopLeader();
      assertTrue(job.waitForCompletion(false), job.getFailureInfo());
      Counters counters = job.getCounters();
      long recovered = counters.findCounter(JobCounter.RECOVERED_MAPS).getValue();
      assertTrue(recovered >= 1 && recovered < 8, "maps taken over from the first master: " + recovered);
      assertEquals(8 - recovered, counters.findCounter(JobCounter.TOTAL_LAUNCHED_MAPS).getValue()
          - counters.findCounter(JobCounter.NUM_KILLED_MAPS).getValue()
          - counters.findCounter(JobCounter.NUM_FAILED_MAPS).getValue(),
          "the new master ran only the maps not taken over");
      Map<String, Integer> got = new HashMap<>();
      for (String line : Files.readAllLines(out.resolve("part-r-00000"))) {
        String[] kv = line.split("\t");
        got.put(kv[0], Integer.parseInt(kv[1]));
      }
      assertEquals(reference, got);
    }
  }
}
