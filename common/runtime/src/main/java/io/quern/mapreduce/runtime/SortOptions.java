package io.quern.mapreduce.runtime;

import io.quern.mapreduce.MapredKeys;

/**
 * Tuning of the map-side sort, with Hadoop's defaults; the task runtime fills it from the
 * job configuration keys named here.
 *
 * @param bufferBytes memory for serialized records and their metadata ({@code io.sort.mb}, in bytes here)
 * @param spillPercent fill level of the buffer at which a background spill starts ({@code io.sort.spill.percent})
 * @param sortFactor segments merged at once ({@code io.sort.factor})
 * @param minSpillsForCombine spills needed before the combiner also runs on the final merge
 *     ({@code min.num.spills.for.combine})
 */
public record SortOptions(int bufferBytes, float spillPercent, int sortFactor, int minSpillsForCombine) {

  public static final String IO_SORT_MB = MapredKeys.IO_SORT_MB.name();
  public static final String IO_SORT_SPILL_PERCENT = MapredKeys.IO_SORT_SPILL_PERCENT.name();
  public static final String IO_SORT_FACTOR = MapredKeys.IO_SORT_FACTOR.name();
  public static final String MIN_SPILLS_FOR_COMBINE = MapredKeys.MIN_SPILLS_FOR_COMBINE.name();

  public static final int DEFAULT_BUFFER_BYTES = 100 << 20;
  public static final float DEFAULT_SPILL_PERCENT = 0.80f;
  public static final int DEFAULT_SORT_FACTOR = 10;
  public static final int DEFAULT_MIN_SPILLS_FOR_COMBINE = 3;

  /** Below this the metadata of a handful of records would not fit. */
  public static final int MIN_BUFFER_BYTES = 1024;

  public SortOptions {
    if (bufferBytes < MIN_BUFFER_BYTES) {
      throw new IllegalArgumentException(IO_SORT_MB + " gives a sort buffer of " + bufferBytes
          + " bytes; at least " + MIN_BUFFER_BYTES + " are needed");
    }
    if (!(spillPercent > 0f && spillPercent <= 1f)) {
      throw new IllegalArgumentException(IO_SORT_SPILL_PERCENT + " must be in (0, 1], not " + spillPercent);
    }
    if (sortFactor < 2) {
      throw new IllegalArgumentException(IO_SORT_FACTOR + " must be at least 2, not " + sortFactor);
    }
    if (minSpillsForCombine < 1) {
      throw new IllegalArgumentException(MIN_SPILLS_FOR_COMBINE + " must be at least 1, not " + minSpillsForCombine);
    }
  }

  public static SortOptions defaults() {
    return new SortOptions(DEFAULT_BUFFER_BYTES, DEFAULT_SPILL_PERCENT, DEFAULT_SORT_FACTOR,
        DEFAULT_MIN_SPILLS_FOR_COMBINE);
  }

  /** The smallest buffer {@link #sizedForInput} gives: allocating it costs a couple of milliseconds. */
  public static final int MIN_SIZED_BUFFER_BYTES = 8 << 20;

  /**
   * The options for a map reading {@code inputBytes}: a buffer of four times its input (at least
   * {@value #MIN_SIZED_BUFFER_BYTES} bytes), never more than the configured one. A small split
   * then does not pay for zeroing a buffer of {@code io.sort.mb} megabytes (and the heap
   * growth behind it) that its output would barely touch; output that outgrows the smaller
   * buffer only spills more. An unknown length (zero or less) keeps the configured size.
   */
  public SortOptions sizedForInput(long inputBytes) {
    if (inputBytes <= 0) {
      return this;
    }
    long wanted = Math.max(MIN_SIZED_BUFFER_BYTES, 4 * inputBytes);
    return wanted >= bufferBytes ? this : withBufferBytes((int) wanted);
  }

  public SortOptions withBufferBytes(int bytes) {
    return new SortOptions(bytes, spillPercent, sortFactor, minSpillsForCombine);
  }

  public SortOptions withSortFactor(int factor) {
    return new SortOptions(bufferBytes, spillPercent, factor, minSpillsForCombine);
  }
}
