package io.quern.mapreduce.lib.chain;

import io.quern.conf.Configuration;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.lib.reduce.WrappedReducer;
import java.io.IOException;
import java.util.List;

/**
 * Runs a reducer and then mappers over its output in one reduce task: the reducer's output
 * is the first mapper's input, and the last mapper's output is the job's. Each stage gets the
 * job's configuration plus the one given for it.
 */
public class ChainReducer<KEYIN, VALUEIN, KEYOUT, VALUEOUT> extends Reducer<KEYIN, VALUEIN, KEYOUT, VALUEOUT> {

  /** Sets the chain's reducer (and makes this the job's reducer); set it before {@link #addMapper}. */
  @SuppressWarnings("rawtypes")
  public static void setReducer(Job job, Class<? extends Reducer> klass, Class<?> inputKeyClass,
      Class<?> inputValueClass, Class<?> outputKeyClass, Class<?> outputValueClass, Configuration reducerConf) {
    job.setReducerClass(ChainReducer.class);
    job.setOutputKeyClass(outputKeyClass);
    job.setOutputValueClass(outputValueClass);
    Chain.setReducer(job, klass, inputKeyClass, inputValueClass, outputKeyClass, outputValueClass, reducerConf);
  }

  /** Adds a mapper after the chain's reducer (or the mapper before); its output becomes the job's. */
  @SuppressWarnings("rawtypes")
  public static void addMapper(Job job, Class<? extends Mapper> klass, Class<?> inputKeyClass,
      Class<?> inputValueClass, Class<?> outputKeyClass, Class<?> outputValueClass, Configuration mapperConf) {
    if (!Chain.hasReducer(job.getConfiguration())) {
      throw new IllegalStateException("set the chain's reducer (ChainReducer.setReducer) before adding mappers after it");
    }
    job.setOutputKeyClass(outputKeyClass);
    job.setOutputValueClass(outputValueClass);
    Chain.addMapper(Chain.CHAIN_REDUCER, job, klass, inputKeyClass, inputValueClass, outputKeyClass,
        outputValueClass, mapperConf);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void run(Context context) throws IOException, InterruptedException {
    Configuration job = context.getConfiguration();
    Configuration reducerConf = Chain.reducerRunConf(job);
    Reducer<Object, Object, Object, Object> reducer = Chain.reducer(reducerConf);
    List<Chain.MapperStage> mappers = Chain.mappers(Chain.CHAIN_REDUCER, job);
    Chain.Sink toTask = Chain.sinkOf((Reducer.Context) context);
    if (mappers.isEmpty()) {
      reducer.run(new WrappedReducer().getReducerContext(new ChainReduceContext(reducerConf, context, toTask)));
      return;
    }
    // The reducer feeds the mappers through a link; they run as a ChainMapper's later stages do.
    Chain.Pipeline feed = new Chain.Pipeline();
    Chain.Pipeline.Link link = feed.new Link(reducerConf);
    Thread reduce = Thread.currentThread();
    Throwable[] mapFailure = new Throwable[1];
    Thread mapping = new Thread(() -> {
      try {
        ChainMapper.runMappers(mappers, context, null, link, toTask);
      } catch (Throwable e) {
        mapFailure[0] = e;
        feed.failed(e);
      }
    }, "chain-" + context.getTaskAttemptID() + "-mappers");
    mapping.setDaemon(true);
    mapping.start();
    try {
      reducer.run(new WrappedReducer().getReducerContext(new ChainReduceContext(reducerConf, context, link::put)));
      link.end();
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      feed.failed(e);
      mapping.join();
      throw e;
    }
    mapping.join();
    if (mapFailure[0] != null) {
      Throwable t = mapFailure[0];
      throw t instanceof IOException io ? io : new IOException("a mapper after the chain's reducer failed: " + t, t);
    }
  }
}
