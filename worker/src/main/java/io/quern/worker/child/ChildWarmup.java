package io.quern.worker.child;

import io.quern.conf.Configuration;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;

/**
 * Readies a fresh child for its first attempt while it waits for one: opens the (cached) DFS
 * client, which connects to ZooKeeper and authenticates to the NameNode, and loads the task
 * runtime's classes. Without it a tiny job's first map spends seconds on this. Best effort:
 * a failure here only leaves the work to the first attempt.
 */
final class ChildWarmup {
  private static final String[] CLASSES = {
    "io.quern.mapreduce.task.MapTask",
    "io.quern.mapreduce.task.ReduceTask",
    "io.quern.mapreduce.task.MapContextImpl",
    "io.quern.mapreduce.task.ReduceContextImpl",
    "io.quern.mapreduce.runtime.MapOutputBuffer",
    "io.quern.mapreduce.runtime.Merger",
    "io.quern.mapreduce.runtime.IFileWriter",
    "io.quern.mapreduce.runtime.IFileReader",
    "io.quern.mapreduce.lib.input.TextInputFormat",
    "io.quern.mapreduce.lib.input.LineRecordReader",
    "io.quern.mapreduce.lib.output.TextOutputFormat",
    "io.quern.mapreduce.lib.output.FileOutputCommitter",
    "io.quern.mapreduce.lib.partition.HashPartitioner",
    "io.quern.io.Text",
    "io.quern.io.IntWritable",
    "io.quern.io.LongWritable",
    "io.quern.worker.child.ShuffleFetcher",
  };

  private ChildWarmup() {}

  static void start(Configuration workerConf) {
    Thread t = new Thread(() -> run(workerConf), "child-warmup");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  private static void run(Configuration workerConf) {
    ClassLoader loader = ChildWarmup.class.getClassLoader();
    for (String name : CLASSES) {
      try {
        Class.forName(name, true, loader);
      } catch (Throwable e) {
        // a class renamed or missing: nothing to warm
      }
    }
    try {
      // The same cache key as the attempts' job configurations (scheme + ZooKeeper quorum + cluster id).
      FileSystem fs = FileSystem.get(new Configuration(workerConf));
      fs.exists(new Path("/"));
    } catch (Throwable e) {
      // no DFS reachable from here (local file system jobs, tests): the attempts do without
    }
  }
}
