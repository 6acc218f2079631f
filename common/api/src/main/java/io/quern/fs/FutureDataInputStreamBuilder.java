package io.quern.fs;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Opens a file with options ({@link FileSystem#openFile}): {@code opt} options are hints a file
 * system may ignore, {@code must} options must be understood, or {@link #build} fails. The
 * stream comes as a future; {@link io.quern.util.functional.FutureIO#awaitFuture} waits for it
 * and rethrows an open's failure as the {@link IOException} it was.
 */
public interface FutureDataInputStreamBuilder {
  FutureDataInputStreamBuilder opt(String key, String value);

  FutureDataInputStreamBuilder opt(String key, boolean value);

  FutureDataInputStreamBuilder opt(String key, int value);

  FutureDataInputStreamBuilder optLong(String key, long value);

  FutureDataInputStreamBuilder must(String key, String value);

  FutureDataInputStreamBuilder must(String key, boolean value);

  FutureDataInputStreamBuilder must(String key, int value);

  FutureDataInputStreamBuilder mustLong(String key, long value);

  /** The file's status, when the caller has it (its path must be the file's). */
  FutureDataInputStreamBuilder withFileStatus(FileStatus status);

  /**
   * Checks the options and opens the file.
   *
   * @throws IllegalArgumentException a {@code must} option this file system does not know, or a bad value
   */
  CompletableFuture<FSDataInputStream> build() throws IOException;
}
