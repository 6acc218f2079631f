package io.quern.minicluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.examples.WordCount;
import io.quern.io.IntWritable;
import io.quern.io.Text;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.lib.input.FileInputFormat;
import io.quern.mapreduce.lib.output.FileOutputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A job rides through the failover of its master: the next leader runs it to the end. */
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
      for (int f = 0; f < 4; f++) {
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
      MiniMrCluster.await(() -> {
        try {
          return job.mapProgress() > 0;
        } catch (IOException e) {
          return false;
        }
      }, 60_000, "the first map to finish");
      cluster.stopLeader();
      assertTrue(job.waitForCompletion(false), job.getFailureInfo());
      Map<String, Integer> got = new HashMap<>();
      for (String line : Files.readAllLines(out.resolve("part-r-00000"))) {
        String[] kv = line.split("\t");
        got.put(kv[0], Integer.parseInt(kv[1]));
      }
      assertEquals(reference, got);
    }
  }
}
