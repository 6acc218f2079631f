package io.quern.tools.distcp;

import io.quern.mapreduce.JobContext;
import io.quern.mapreduce.lib.input.TextInputFormat;

/** The copy list's share files, one map each: a share is never split, so its bytes stay balanced. */
public class CopyListInputFormat extends TextInputFormat {
  @Override
  protected boolean isSplitable(JobContext context, io.quern.fs.Path file) {
    return false;
  }
}
