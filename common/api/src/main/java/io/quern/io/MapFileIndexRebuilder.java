package io.quern.io;

import io.quern.conf.Configuration;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.io.SequenceFile.CompressionType;
import io.quern.io.compress.DefaultCodec;
import io.quern.util.ReflectionUtils;
import java.io.IOException;

/**
 * Rebuilds a map file's lost index by reading its data file front to back and putting every
 * interval'th key at a seekable position into a new index, as {@link MapFile#fix} promises.
 * It is separate because it is a recovery tool run once on a damaged map file, with nothing in
 * common with the readers and writers of healthy ones beyond the file layout.
 */
final class MapFileIndexRebuilder {
  private MapFileIndexRebuilder() {}

  /** Writes {@code index} from {@code data} (only counts with {@code dryrun}); returns the entries. */
  static long rebuild(FileSystem fs, Path dir, Path data, Path index, Class<? extends Writable> keyClass,
      Class<? extends Writable> valueClass, boolean dryrun, int interval, Configuration conf) throws IOException {
    long count = 0;
    try (SequenceFile.Reader reader = new SequenceFile.Reader(fs.open(data), conf)) {
      if (!reader.getKeyClass().equals(keyClass)) {
        throw new IOException("map file " + dir + " has keys of " + reader.getKeyClassName() + ", not "
            + keyClass.getName());
      }
      if (!reader.getValueClass().equals(valueClass)) {
        throw new IOException("map file " + dir + " has values of " + reader.getValueClassName() + ", not "
            + valueClass.getName());
      }
      Writable key = ReflectionUtils.newInstance(keyClass, conf);
      Writable value = ReflectionUtils.newInstance(valueClass, conf);
      LongWritable position = new LongWritable();
      boolean blocks = reader.isBlockCompressed();
      SequenceFile.Writer indexWriter = dryrun ? null : new SequenceFile.Writer(MapFile.create(fs, index, conf),
          keyClass, LongWritable.class, CompressionType.BLOCK, new DefaultCodec());
      try {
        long lastIndexed = -1;
        long lastIndexedCount = -interval;
        while (true) {
          long pos = reader.getPosition();
          if (!reader.next(key, value)) {
            break;
          }
          // In a block-compressed file only a block's start can be sought to: the block's first record's position.
          boolean seekable = !blocks || reader.syncSeen();
          if (count >= lastIndexedCount + interval && seekable && pos > lastIndexed) {
            if (indexWriter != null) {
              position.set(pos);
              indexWriter.append(key, position);
            }
            lastIndexed = pos;
            lastIndexedCount = count;
          }
          count++;
        }
      } finally {
        if (indexWriter != null) {
          indexWriter.close();
        }
      }
    }
    return count;
  }
}
