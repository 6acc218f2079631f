package io.quern.mapreduce.runtime;

import io.quern.io.DataOutputBuffer;
import io.quern.io.Writable;
import java.io.IOException;

/** Serializes Writable keys and values into a {@link RecordSink}, e.g. for a combiner's output. */
public final class WritableSink {

  // Confined to the thread that writes (the combiner's: a spill's or the map thread).
  private final RecordSink sink;
  private final DataOutputBuffer keyBuffer = new DataOutputBuffer();
  private final DataOutputBuffer valueBuffer = new DataOutputBuffer();

  public WritableSink(RecordSink sink) {
    this.sink = sink;
  }

  public void write(Writable key, Writable value) throws IOException {
    keyBuffer.reset();
    key.write(keyBuffer);
    valueBuffer.reset();
    value.write(valueBuffer);
    sink.append(keyBuffer.getData(), 0, keyBuffer.getLength(), valueBuffer.getData(), 0, valueBuffer.getLength());
  }
}
