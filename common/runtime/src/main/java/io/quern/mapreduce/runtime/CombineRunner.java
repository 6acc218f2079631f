package io.quern.mapreduce.runtime;

import java.io.IOException;

/**
 * The hook through which the sort engine runs a job's combiner, without knowing the
 * user-facing Reducer API: the input is sorted by the job's key comparator, and the
 * output must stay sorted the same way (a combiner may merge records, not reorder keys).
 */
@FunctionalInterface
public interface CombineRunner {

  void combine(RawKeyValueIterator in, RecordSink out) throws IOException;
}
