package io.quern.io;

/** A {@link Writable} that can serve as a key: it has an order consistent with its bytes' comparator. */
public interface WritableComparable<T> extends Writable, Comparable<T> {
}
