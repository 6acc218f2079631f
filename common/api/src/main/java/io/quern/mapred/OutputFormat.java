package io.quern.mapred;

import io.quern.fs.FileSystem;
import io.quern.util.Progressable;
import java.io.IOException;

/**
 * The old API's output. The {@code ignored} file system is the job's default one, passed as
 * Hadoop does; formats find the file system of their own paths.
 */
public interface OutputFormat<K, V> {
  /**
   * The writer of one task's output; {@code name} is unique to the task ({@code part-00003}),
   * and a file format writes it under {@link FileOutputFormat#getWorkOutputPath}.
   */
  RecordWriter<K, V> getRecordWriter(FileSystem ignored, JobConf job, String name, Progressable progress)
      throws IOException;

  /** Fails before submission when the output cannot be written (for example it exists). */
  void checkOutputSpecs(FileSystem ignored, JobConf job) throws IOException;
}
