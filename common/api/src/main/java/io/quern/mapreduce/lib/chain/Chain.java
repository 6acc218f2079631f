package io.quern.mapreduce.lib.chain;

import io.quern.conf.Configuration;
import io.quern.io.DataInputBuffer;
import io.quern.io.DataOutputBuffer;
import io.quern.io.Writable;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.Reducer;
import io.quern.mapreduce.TaskInputOutputContext;
import io.quern.mapreduce.lib.map.WrappedMapper;
import io.quern.mapreduce.task.ReflectionUtil;
import io.quern.util.ReflectionUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The stages of a {@link ChainMapper} or {@link ChainReducer} as the job records them, and
 * their run inside one task. Each stage has its own configuration: the job's plus what was
 * given for the stage. Stages after the first run in their own threads, fed through small
 * queues with copies of the records (mappers may reuse their key and value objects), so that
 * a mapper overriding {@code run} works as in a plain job; the last stage writes to the task.
 */
final class Chain {
  static final String CHAIN_MAPPER = "mapreduce.chain.mapper";
  static final String CHAIN_REDUCER = "mapreduce.chain.reducer";
  private static final String SIZE = ".size";
  private static final String MAPPER_CLASS = ".mapper.class.";
  private static final String MAPPER_CONFIG = ".mapper.config.";
  private static final String REDUCER_CLASS = ".reducer.class";
  private static final String REDUCER_CONFIG = ".reducer.config";
  static final String INPUT_KEY_CLASS = "mapreduce.chain.input.key.class";
  static final String INPUT_VALUE_CLASS = "mapreduce.chain.input.value.class";
  static final String OUTPUT_KEY_CLASS = "mapreduce.chain.output.key.class";
  static final String OUTPUT_VALUE_CLASS = "mapreduce.chain.output.value.class";
  private static final int QUEUE_SIZE = 64;
  private static final long WAIT_MILLIS = 100;

  private Chain() {}

  /** Adds a mapper stage under {@code prefix}, checking its input against the previous stage's output. */
  @SuppressWarnings("rawtypes")
  static void addMapper(String prefix, Job job, Class<? extends Mapper> klass, Class<?> inputKeyClass,
      Class<?> inputValueClass, Class<?> outputKeyClass, Class<?> outputValueClass, Configuration stageConf) {
    Configuration conf = job.getConfiguration();
    int index = conf.getInt(prefix + SIZE, 0);
    Configuration previous = index > 0 ? stageConf(conf, prefix + MAPPER_CONFIG + (index - 1))
        : prefix.equals(CHAIN_REDUCER) ? reducerConf(conf) : null;
    if (previous != null) {
      checkFollows(previous, inputKeyClass, inputValueClass, klass.getName());
    }
    conf.setClass(prefix + MAPPER_CLASS + index, klass, Mapper.class);
    conf.set(prefix + MAPPER_CONFIG + index,
        encode(stage(stageConf, inputKeyClass, inputValueClass, outputKeyClass, outputValueClass)));
    conf.setInt(prefix + SIZE, index + 1);
  }

  @SuppressWarnings("rawtypes")
  static void setReducer(Job job, Class<? extends Reducer> klass, Class<?> inputKeyClass, Class<?> inputValueClass,
      Class<?> outputKeyClass, Class<?> outputValueClass, Configuration stageConf) {
    Configuration conf = job.getConfiguration();
    if (conf.get(CHAIN_REDUCER + REDUCER_CLASS) != null) {
      throw new IllegalStateException("the chain's reducer is already set");
    }
    conf.setClass(CHAIN_REDUCER + REDUCER_CLASS, klass, Reducer.class);
    conf.set(CHAIN_REDUCER + REDUCER_CONFIG,
        encode(stage(stageConf, inputKeyClass, inputValueClass, outputKeyClass, outputValueClass)));
  }

  static boolean hasReducer(Configuration conf) {
    return conf.get(CHAIN_REDUCER + REDUCER_CLASS) != null;
  }

  private static void checkFollows(Configuration previous, Class<?> inKey, Class<?> inValue, String stage) {
    Class<?> outKey = previous.getClass(OUTPUT_KEY_CLASS, Object.class);
    Class<?> outValue = previous.getClass(OUTPUT_VALUE_CLASS, Object.class);
    if (!inKey.isAssignableFrom(outKey)) {
      throw new IllegalArgumentException("the input key class " + inKey.getName() + " of " + stage
          + " does not take the previous stage's output key class " + outKey.getName());
    }
    if (!inValue.isAssignableFrom(outValue)) {
      throw new IllegalArgumentException("the input value class " + inValue.getName() + " of " + stage
          + " does not take the previous stage's output value class " + outValue.getName());
    }
  }

  private static Configuration stage(Configuration given, Class<?> inKey, Class<?> inValue, Class<?> outKey,
      Class<?> outValue) {
    Configuration c = given == null ? new Configuration(false) : new Configuration(given);
    c.setClass(INPUT_KEY_CLASS, inKey, Object.class);
    c.setClass(INPUT_VALUE_CLASS, inValue, Object.class);
    c.setClass(OUTPUT_KEY_CLASS, outKey, Object.class);
    c.setClass(OUTPUT_VALUE_CLASS, outValue, Object.class);
    return c;
  }

  private static String encode(Configuration c) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      c.writeXml(bytes);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /** The stage's own settings alone, as given when it was added. */
  private static Configuration stageConf(Configuration job, String key) {
    String v = job.get(key);
    if (v == null) {
      throw new IllegalStateException("the chain's stage configuration " + key + " is missing");
    }
    Configuration c = new Configuration(false);
    c.addResource(new ByteArrayInputStream(Base64.getDecoder().decode(v)), key);
    return c;
  }

  private static Configuration reducerConf(Configuration job) {
    return job.get(CHAIN_REDUCER + REDUCER_CONFIG) == null ? null : stageConf(job, CHAIN_REDUCER + REDUCER_CONFIG);
  }

  /** The configuration a stage runs with: the job's, overlaid with the stage's own. */
  private static Configuration runConf(Configuration job, String key) {
    Configuration c = new Configuration(job);
    String v = job.get(key);
    c.addResource(new ByteArrayInputStream(Base64.getDecoder().decode(v)), key);
    return c;
  }

  /** One mapper stage, ready to run. */
  record MapperStage(Mapper<Object, Object, Object, Object> mapper, Configuration conf) {}

  @SuppressWarnings("unchecked")
  static List<MapperStage> mappers(String prefix, Configuration job) {
    int n = job.getInt(prefix + SIZE, 0);
    List<MapperStage> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Configuration conf = runConf(job, prefix + MAPPER_CONFIG + i);
      Class<? extends Mapper<?, ?, ?, ?>> c = (Class) job.getClass(prefix + MAPPER_CLASS + i, null, Mapper.class);
      out.add(new MapperStage((Mapper<Object, Object, Object, Object>) ReflectionUtil.newInstance(c, conf), conf));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static Reducer<Object, Object, Object, Object> reducer(Configuration conf) {
    Class<? extends Reducer<?, ?, ?, ?>> c = (Class) conf.getClass(CHAIN_REDUCER + REDUCER_CLASS, null, Reducer.class);
    if (c == null) {
      throw new IllegalStateException("ChainReducer runs a job whose chain has no reducer (ChainReducer.setReducer)");
    }
    return (Reducer<Object, Object, Object, Object>) ReflectionUtil.newInstance(c, conf);
  }

  static Configuration reducerRunConf(Configuration job) {
    return runConf(job, CHAIN_REDUCER + REDUCER_CONFIG);
  }

  /**
   * Runs the first stage in this thread and the others each in a thread of its own; the first
   * stage gets {@code first}'s records, writes into {@code link(0)}, and so on.
   */
  static final class Pipeline {
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Confined to the thread running the pipeline, which starts and joins them. */
    private final List<Thread> threads = new ArrayList<>();

    /** A queue between two stages; puts and takes give up once another stage failed. */
    final class Link {
      /** Thread-safe (blocking queue): the writing stage puts, the reading stage takes. */
      private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(QUEUE_SIZE);
      private final Configuration conf;
      /** Confined to the reading stage's thread. */
      private Object[] current;

      /** @param conf the configuration of the stage writing into this link (its output classes) */
      Link(Configuration conf) {
        this.conf = conf;
      }

      void put(Object key, Object value) throws IOException, InterruptedException {
        offer(new Object[] {copy(key), copy(value)});
      }

      void end() throws IOException, InterruptedException {
        offer(new Object[0]);
      }

      private void offer(Object[] item) throws IOException, InterruptedException {
        while (!queue.offer(item, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
          checkFailure();
        }
      }

      boolean next() throws IOException, InterruptedException {
        if (current != null && current.length == 0) {
          return false;
        }
        Object[] item;
        while ((item = queue.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS)) == null) {
          checkFailure();
        }
        current = item;
        return item.length > 0;
      }

      Object key() {
        return current == null || current.length == 0 ? null : current[0];
      }

      Object value() {
        return current == null || current.length == 0 ? null : current[1];
      }

      /** A copy of a record's key or value: the writing stage may reuse the object for its next record. */
      private Object copy(Object o) throws IOException {
        if (!(o instanceof Writable w)) {
          return o;
        }
        Writable copy = ReflectionUtils.newInstance(w.getClass(), conf);
        DataOutputBuffer out = new DataOutputBuffer();
        w.write(out);
        DataInputBuffer in = new DataInputBuffer();
        in.reset(out.getData(), out.getLength());
        copy.readFields(in);
        return copy;
      }
    }

    private void checkFailure() throws IOException {
      Throwable t = failure.get();
      if (t != null) {
        throw new IOException("another stage of the chain failed: " + t, t);
      }
    }

    /** Starts {@code mapper} in its own thread reading {@code in}; it writes through {@code context}. */
    void start(String name, Mapper<Object, Object, Object, Object> mapper,
        Mapper<Object, Object, Object, Object>.Context context, Link in, Link out) {
      Thread t = new Thread(() -> {
        try {
          mapper.run(context);
          if (out != null) {
            out.end();
          }
          // Drain what the stage did not read, so the one before it is never left blocked.
          while (in.next()) {
            // discard
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, name);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }

    /** Records a failure of the stage run by the calling thread, so the others stop. */
    void failed(Throwable e) {
      failure.compareAndSet(null, e);
    }

    /** Waits for every stage thread, then throws the first failure of any stage. */
    void join() throws IOException, InterruptedException {
      try {
        for (Thread t : threads) {
          t.join();
        }
      } catch (InterruptedException e) {
        threads.forEach(Thread::interrupt);
        throw e;
      }
      Throwable t = failure.get();
      if (t instanceof IOException io) {
        throw io;
      }
      if (t instanceof InterruptedException ie) {
        throw ie;
      }
      if (t instanceof RuntimeException re) {
        throw re;
      }
      if (t instanceof Error err) {
        throw err;
      }
      if (t != null) {
        throw new IOException(t);
      }
    }
  }

  /** A mapper context over any source and sink, seen through the stage's configuration. */
  static <KI, VI, KO, VO> Mapper<KI, VI, KO, VO>.Context mapContext(ChainMapContext<KI, VI, KO, VO> c) {
    return new WrappedMapper<KI, VI, KO, VO>().getMapContext(c);
  }

  /** Where a stage's records go. */
  interface Sink {
    void write(Object key, Object value) throws IOException, InterruptedException;
  }

  static Sink sinkOf(TaskInputOutputContext<?, ?, Object, Object> context) {
    return context::write;
  }
}
