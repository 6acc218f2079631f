package io.quern.mapreduce.lib.input;

import io.quern.fs.Path;
import io.quern.mapreduce.InputFormat;
import io.quern.mapreduce.InputSplit;
import io.quern.mapreduce.Job;
import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.Mapper;
import io.quern.mapreduce.RecordReader;
import io.quern.mapreduce.TaskAttemptContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The input format of a job with {@link MultipleInputs}: each path is split by its own
 * format (paths sharing a format and mapper in one call), and every split is tagged with the
 * format and mapper its records need.
 */
public class DelegatingInputFormat<K, V> extends InputFormat<K, V> {

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public List<InputSplit> getSplits(JobContext job) throws IOException, InterruptedException {
    Map<Path, InputFormat> formats = MultipleInputs.getInputFormatMap(job);
    if (formats.isEmpty()) {
      throw new IOException("no input paths given to MultipleInputs");
    }
    Map<Path, Class<? extends Mapper>> mappers = MultipleInputs.getMapperTypeMap(job);
    // Paths by format class, then by mapper, in the order the paths were added.
    Map<Class<? extends InputFormat>, Map<Class<? extends Mapper>, List<Path>>> groups = new LinkedHashMap<>();
    Map<Class<? extends InputFormat>, InputFormat> formatOf = new LinkedHashMap<>();
    for (Map.Entry<Path, InputFormat> e : formats.entrySet()) {
      Class<? extends InputFormat> fc = e.getValue().getClass();
      formatOf.putIfAbsent(fc, e.getValue());
      groups.computeIfAbsent(fc, k -> new LinkedHashMap<>())
          .computeIfAbsent(mappers.get(e.getKey()), k -> new ArrayList<>()).add(e.getKey());
    }
    List<InputSplit> splits = new ArrayList<>();
    for (Map.Entry<Class<? extends InputFormat>, Map<Class<? extends Mapper>, List<Path>>> g : groups.entrySet()) {
      InputFormat format = formatOf.get(g.getKey());
      for (Map.Entry<Class<? extends Mapper>, List<Path>> m : g.getValue().entrySet()) {
        Job copy = new Job(job.getConfiguration());
        FileInputFormat.setInputPaths(copy, m.getValue().toArray(new Path[0]));
        for (InputSplit s : (List<InputSplit>) format.getSplits(copy)) {
          splits.add(new TaggedInputSplit(s, job.getConfiguration(), g.getKey(), m.getKey()));
        }
      }
    }
    return splits;
  }

  @Override
  public RecordReader<K, V> createRecordReader(InputSplit split, TaskAttemptContext context)
      throws IOException, InterruptedException {
    return new DelegatingRecordReader<>(split, context);
  }
}
