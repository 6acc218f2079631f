package io.quern.examples;

import io.quern.conf.Configuration;
import io.quern.conf.IntKey;
import io.quern.conf.LongKey;
import io.quern.mapred.JobClient;
import java.io.IOException;

/**
 * How many maps randomwriter and randomtextwriter run, from their Hadoop keys: the total bytes
 * (by default maps-per-host times bytes-per-map times the cluster's workers) over the bytes
 * per map; a total under one map's share makes one smaller map.
 */
final class RandomWriterMaps {
  private RandomWriterMaps() {}

  /** The number of maps; lowers {@code bytesPerMapKey} in {@code conf} when one map writes less. */
  static int compute(Configuration conf, LongKey totalKey, LongKey bytesPerMapKey, IntKey mapsPerHostKey)
      throws IOException {
    long perMap = bytesPerMapKey.getLong(conf);
    if (perMap <= 0) {
      throw new IllegalArgumentException(bytesPerMapKey + " must be positive, not " + perMap);
    }
    long total;
    if (totalKey.isSet(conf)) {
      total = totalKey.getLong(conf);
    } else {
      int workers = new JobClient(conf).getClusterStatus().getTaskTrackers();
      total = mapsPerHostKey.getInt(conf) * perMap * Math.max(1, workers);
    }
    long maps = total / perMap;
    if (maps == 0 && total > 0) {
      bytesPerMapKey.set(conf, total);
      maps = 1;
    }
    if (maps > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(totalKey + " / " + bytesPerMapKey + " is " + maps + " maps, too many");
    }
    return (int) maps;
  }
}
