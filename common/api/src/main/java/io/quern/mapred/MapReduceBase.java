package io.quern.mapred;

import java.io.Closeable;
import java.io.IOException;

/** Empty {@link JobConfigurable#configure} and {@link Closeable#close}, for old-API mappers and reducers. */
public class MapReduceBase implements Closeable, JobConfigurable {
  @Override
  public void configure(JobConf job) {}

  @Override
  public void close() throws IOException {}
}
