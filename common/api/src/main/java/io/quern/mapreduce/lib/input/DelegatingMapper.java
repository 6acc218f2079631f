package io.quern.mapreduce.lib.input;

import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.lib.map.WrappedMapper;
import io.quern.mapreduce.task.ReflectionUtil;
import java.io.IOException;

/**
 * The mapper of a job whose {@link MultipleInputs} paths name their mappers: runs the mapper
 * the split is tagged with (the identity mapper when its path names none). The mapper sees
 * its path's own split ({@code context.getInputSplit()} is the format's {@code FileSplit}).
 */
public class DelegatingMapper<K1, V1, K2, V2> extends Mapper<K1, V1, K2, V2> {

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void run(Context context) throws IOException, InterruptedException {
    TaggedInputSplit tagged = DelegatingRecordReader.tagged(context.getInputSplit());
    Class<? extends Mapper> c = tagged.getMapperClass() == null ? Mapper.class : tagged.getMapperClass();
    Mapper<K1, V1, K2, V2> mapper = ReflectionUtil.newInstance(c, context.getConfiguration());
    InputSplit inner = tagged.getInputSplit();
    Mapper<K1, V1, K2, V2>.Context innerContext = new WrappedMapper<K1, V1, K2, V2>().new Context(context) {
      @Override
      public InputSplit getInputSplit() {
        return inner;
      }
    };
    mapper.run(innerContext);
  }
}
