package io.quern.fs;

/** Which paths a listing keeps (Hadoop's {@code PathFilter}). */
@FunctionalInterface
public interface PathFilter {
  boolean accept(Path path);
}
