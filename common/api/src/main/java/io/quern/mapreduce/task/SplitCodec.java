package io.quern.mapreduce.task;

import io.quern.conf.Configuration;
import io.quern.io.DataInputBuffer;
import io.quern.io.DataOutputBuffer;
import io.quern.io.Writable;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.SplitInfo;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** Turns input splits into the {@link SplitInfo} records that travel to the master and tasks, and back. */
public final class SplitCodec {
  private SplitCodec() {}

  public static SplitInfo encode(int index, InputSplit split) throws IOException, InterruptedException {
    if (!(split instanceof Writable w)) {
      throw new IOException("input split class " + split.getClass().getName() + " must implement Writable");
    }
    DataOutputBuffer out = new DataOutputBuffer();
    w.write(out);
    byte[] bytes = Arrays.copyOf(out.getData(), out.getLength());
    return new SplitInfo(index, split.getClass().getName(), bytes, split.getLength(),
        List.of(split.getLocations()));
  }

  public static InputSplit decode(SplitInfo info, Configuration conf) throws IOException {
    try {
      Class<?> cls = conf.getClassByName(info.splitClass());
      InputSplit split = (InputSplit) ReflectionUtil.newInstance(cls, conf);
      DataInputBuffer in = new DataInputBuffer();
      in.reset(info.split(), info.split().length);
      ((Writable) split).readFields(in);
      return split;
    } catch (ClassNotFoundException e) {
      throw new IOException("input split class " + info.splitClass() + " not found", e);
    }
  }
}
