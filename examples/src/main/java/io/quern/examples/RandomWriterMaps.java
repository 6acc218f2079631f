package io.quern.examples;

import io.quern.conf.Configuration;
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
  static int compute(Configuration conf, String totalKey, String bytesPerMapKey, String mapsPerHostKey)
      throws IOException {
    long perMap = conf.getLong(bytesPerMapKey, 1L << 30);
    if (perMap <= 0) {
      throw new IllegalArgumentException(bytesPerMapKey + " must be positive, not " + perMap);
    }
    long total;
    if (conf.getTrimmed(totalKey) != null) {
      total = conf.getLong(totalKey, 0);
    } else {
      int workers = new JobClient(conf).getClusterStatus().getTaskTrackers();
      total = conf.getInt(mapsPerHostKey, 10) * perMap * Math.max(1, workers);
    }
    long maps = total / perMap;
    if (maps == 0 && total > 0) {
      conf.setLong(bytesPerMapKey, total);
      maps = 1;
    }
    if (maps > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(totalKey + " / " + bytesPerMapKey + " is " + maps + " maps, too many");
    }
    return (int) maps;
  }
}
