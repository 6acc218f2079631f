package io.quern.mapred;

/** The new-API face of an old-API job's combiner: a {@link Reducer} run on map output. */
final class CombinerBridge extends ReducerBridge {
  @Override
  @SuppressWarnings("rawtypes")
  Class<? extends Reducer> reducerClass(JobConf job) {
    return job.getCombinerClass();
  }
}
