package io.quern.mapreduce.lib.aggregate;

import java.util.ArrayList;

/**
 * Folds the values of one aggregation id into a result: the reduce side of the aggregate
 * package. The combiner sends {@link #getCombinerOutput()} on, which the reducer folds again.
 *
 * @param <E> what the combiner output is made of
 */
public interface ValueAggregator<E> {
  /** Folds in one value (a map output value or a combiner output item). */
  void addNextValue(Object val);

  /** Forgets every value added. */
  void reset();

  /** The result, as the job writes it. */
  String getReport();

  /** What a combiner emits for the values added so far: folding these again gives the same report. */
  ArrayList<E> getCombinerOutput();
}
