package io.quern.mapreduce.runtime;

import io.quern.io.DataInputBuffer;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/** Runs a combiner while counting the records that go in and come out. */
final class CombineCounters {

  /** The two counters: thread-safe (atomic); counted by spill threads and the map thread, read by anyone. */
  private final AtomicLong inputRecords = new AtomicLong();
  private final AtomicLong outputRecords = new AtomicLong();

  long inputRecords() {
    return inputRecords.get();
  }

  long outputRecords() {
    return outputRecords.get();
  }

  void run(CombineRunner combiner, RawKeyValueIterator in, RecordSink out) throws IOException {
    RawKeyValueIterator countedIn = new RawKeyValueIterator() {
      @Override
      public boolean next() throws IOException {
        boolean more = in.next();
        if (more) {
          inputRecords.incrementAndGet();
        }
        return more;
      }

      @Override
      public DataInputBuffer getKey() {
        return in.getKey();
      }

      @Override
      public DataInputBuffer getValue() {
        return in.getValue();
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
    RecordSink countedOut = (k, ko, kl, v, vo, vl) -> {
      outputRecords.incrementAndGet();
      out.append(k, ko, kl, v, vo, vl);
    };
    combiner.combine(countedIn, countedOut);
  }
}
