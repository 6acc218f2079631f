package io.quern.mapreduce.task;

import io.quern.conf.Configuration;
import io.quern.io.RawComparator;
import io.quern.mapreduce.MapredKeys;
import io.quern.mapreduce.OutputCommitter;
import io.quern.mapreduce.OutputFormat;
import io.quern.mapreduce.RecordWriter;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.TaskAttemptID;
import io.quern.mapreduce.runtime.MapOutputCodec;
import io.quern.mapreduce.runtime.Merger;
import io.quern.mapreduce.runtime.RawKeyValueIterator;
import io.quern.mapreduce.runtime.Segment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs one reduce attempt over its partition of every map's output (already fetched, or
 * local in local mode): merge, group, reduce, write, commit.
 */
public final class ReduceTask {
  private ReduceTask() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static void run(TaskAttemptContextImpl ctx, List<Segment> segments, TaskHost host, Path tmpDir)
      throws IOException, InterruptedException {
    Configuration conf = ctx.getConfiguration();
    OutputFormat outputFormat = ReflectionUtil.newInstance(ctx.getOutputFormatClass(), conf);
    OutputCommitter committer = outputFormat.getOutputCommitter(ctx);
    committer.setupTask(ctx);
    int factor = MapredKeys.IO_SORT_FACTOR.getInt(conf);
    Merger merger = new Merger(ctx.getSortComparator(), factor, tmpDir, MapOutputCodec.of(conf));
    boolean done = false;
    try (RawKeyValueIterator in = merger.merge(segments)) {
      RecordWriter writer = outputFormat.getRecordWriter(ctx);
      try {
        Reducer reducer = ReflectionUtil.newInstance(ctx.getReducerClass(), conf);
        RawComparator<?> grouping = ctx.getGroupingComparator();
        ReduceContextImpl rc = new ReduceContextImpl(ctx, in, ctx.getMapOutputKeyClass(),
            ctx.getMapOutputValueClass(), grouping, writer::write, committer);
        reducer.run(rc.wrap(reducer));
      } catch (Throwable t) {
        MapTask.closeAfterFailure(writer, ctx, t);
        throw t;
      }
      writer.close(ctx);
      MapTask.commit(ctx, committer, host);
      done = true;
    } finally {
      if (!done) {
        committer.abortTask(ctx);
      }
    }
  }

  public static TaskAttemptContextImpl context(Configuration conf, TaskAttemptID id) {
    return new TaskAttemptContextImpl(conf, id);
  }
}
