package io.quern.mapreduce.lib.chain;

import io.quern.conf.Configuration;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import java.io.IOException;
import java.util.List;

/**
 * Runs several mappers one after the other in one map task, as if piped: the first reads the
 * split, each one's output is the next one's input, and the last one's output is the map's
 * (to the reducers, or to a {@link ChainReducer}). Each stage gets the job's configuration
 * plus the one given for it in {@link #addMapper}.
 */
public class ChainMapper<KEYIN, VALUEIN, KEYOUT, VALUEOUT> extends Mapper<KEYIN, VALUEIN, KEYOUT, VALUEOUT> {

  /**
   * Adds a mapper to the job's map-side chain (and makes this the job's mapper). Its input
   * classes must take the previous mapper's output classes.
   *
   * @param mapperConf settings of this stage only, laid over the job's; usually a {@code new
   *     Configuration(false)}, since every setting in it overrides the job's; may be null
   */
  @SuppressWarnings("rawtypes")
  public static void addMapper(Job job, Class<? extends Mapper> klass, Class<?> inputKeyClass,
      Class<?> inputValueClass, Class<?> outputKeyClass, Class<?> outputValueClass, Configuration mapperConf) {
    job.setMapperClass(ChainMapper.class);
    job.setMapOutputKeyClass(outputKeyClass);
    job.setMapOutputValueClass(outputValueClass);
    Chain.addMapper(Chain.CHAIN_MAPPER, job, klass, inputKeyClass, inputValueClass, outputKeyClass,
        outputValueClass, mapperConf);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void run(Context context) throws IOException, InterruptedException {
    List<Chain.MapperStage> stages = Chain.mappers(Chain.CHAIN_MAPPER, context.getConfiguration());
    if (stages.isEmpty()) {
      throw new IOException("ChainMapper runs a job whose chain has no mappers (ChainMapper.addMapper)");
    }
    runMappers(stages, (Mapper.Context) context, context.getInputSplit(), null, Chain.sinkOf((Mapper.Context) context));
  }

  /**
   * Runs {@code stages} on {@code task}'s context: the first reads {@code first} (the task's
   * records when null) in this thread, the others run in threads; the last writes to {@code last}.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void runMappers(List<Chain.MapperStage> stages, io.quern.mapreduce.TaskInputOutputContext task,
      io.quern.mapreduce.InputSplit split, Chain.Pipeline.Link first, Chain.Sink last)
      throws IOException, InterruptedException {
    Chain.Pipeline pipeline = new Chain.Pipeline();
    Chain.Pipeline.Link in = first;
    Chain.MapperStage head = stages.get(0);
    Chain.Pipeline.Link headOut = stages.size() == 1 ? null : pipeline.new Link(head.conf());
    // Later stages first, so each one's reader exists before its writer starts.
    Chain.Pipeline.Link link = headOut;
    for (int i = 1; i < stages.size(); i++) {
      Chain.MapperStage s = stages.get(i);
      Chain.Pipeline.Link out = i == stages.size() - 1 ? null : pipeline.new Link(s.conf());
      Chain.Sink sink = out == null ? last : out::put;
      Mapper.Context ctx = Chain.mapContext(new ChainMapContext(s.conf(), task, split, link, sink));
      pipeline.start("chain-" + task.getTaskAttemptID() + "-" + i, s.mapper(), ctx, link, out);
      link = out;
    }
    Chain.Sink headSink = headOut == null ? last : headOut::put;
    try {
      head.mapper().run(Chain.mapContext(new ChainMapContext(head.conf(), task, split, in, headSink)));
      if (headOut != null) {
        headOut.end();
      }
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      pipeline.failed(e);
      pipeline.join();
      throw e;
    }
    pipeline.join();
  }
}
