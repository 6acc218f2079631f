package io.quern.mapred.lib.db;

/** The old API's name for {@link io.quern.mapreduce.lib.db.DBWritable}: the same contract. */
public interface DBWritable extends io.quern.mapreduce.lib.db.DBWritable {}
