package io.quern.fs;

import static io.quern.fs.Options.OpenFileOptions.FS_OPTION_OPENFILE_BUFFER_SIZE;
import static io.quern.fs.Options.OpenFileOptions.FS_OPTION_OPENFILE_LENGTH;
import static io.quern.fs.Options.OpenFileOptions.FS_OPTION_OPENFILE_READ_POLICY;
import static io.quern.fs.Options.OpenFileOptions.FS_OPTION_OPENFILE_SPLIT_END;
import static io.quern.fs.Options.OpenFileOptions.FS_OPTION_OPENFILE_SPLIT_START;

import io.quern.conf.CoreKeys;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@link FileSystem#openFile}'s builder: opens the file with {@link FileSystem#open(Path, int)}
 * (the buffer size from {@value Options.OpenFileOptions#FS_OPTION_OPENFILE_BUFFER_SIZE}); the
 * other standard options are hints no file system here needs, since every stream reads ahead
 * in the same way whatever the policy.
 *
 * <p>Confined to the caller building the open, as is all its state.
 */
final class OpenFileBuilder implements FutureDataInputStreamBuilder {
  /** The options every file system here understands. */
  private static final Set<String> KNOWN = Set.of(FS_OPTION_OPENFILE_READ_POLICY, FS_OPTION_OPENFILE_LENGTH,
      FS_OPTION_OPENFILE_SPLIT_START, FS_OPTION_OPENFILE_SPLIT_END, FS_OPTION_OPENFILE_BUFFER_SIZE);

  private final FileSystem fs;
  private final Path path;
  private final Map<String, String> options = new LinkedHashMap<>();
  private final Map<String, String> mandatory = new LinkedHashMap<>();
  private FileStatus status;

  OpenFileBuilder(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
  }

  @Override
  public FutureDataInputStreamBuilder opt(String key, String value) {
    options.put(key, value);
    return this;
  }

  @Override
  public FutureDataInputStreamBuilder opt(String key, boolean value) {
    return opt(key, Boolean.toString(value));
  }

  @Override
  public FutureDataInputStreamBuilder opt(String key, int value) {
    return opt(key, Integer.toString(value));
  }

  @Override
  public FutureDataInputStreamBuilder optLong(String key, long value) {
    return opt(key, Long.toString(value));
  }

  @Override
  public FutureDataInputStreamBuilder must(String key, String value) {
    mandatory.put(key, value);
    options.put(key, value);
    return this;
  }

  @Override
  public FutureDataInputStreamBuilder must(String key, boolean value) {
    return must(key, Boolean.toString(value));
  }

  @Override
  public FutureDataInputStreamBuilder must(String key, int value) {
    return must(key, Integer.toString(value));
  }

  @Override
  public FutureDataInputStreamBuilder mustLong(String key, long value) {
    return must(key, Long.toString(value));
  }

  @Override
  public FutureDataInputStreamBuilder withFileStatus(FileStatus status) {
    this.status = status;
    return this;
  }

  @Override
  public CompletableFuture<FSDataInputStream> build() throws IOException {
    for (String key : mandatory.keySet()) {
      if (!KNOWN.contains(key)) {
        throw new IllegalArgumentException("Cannot open " + path + ": the mandatory option " + key + " is unknown.");
      }
    }
    if (status != null && !status.getPath().getName().equals(path.getName())) {
      throw new IllegalArgumentException("Cannot open " + path + ": the file status given is that of " + status.getPath() + ".");
    }
    int bufferSize = intOption(FS_OPTION_OPENFILE_BUFFER_SIZE, fs.getConf() == null ? 4096
        : CoreKeys.IO_FILE_BUFFER_SIZE.getInt(fs.getConf()));
    CompletableFuture<FSDataInputStream> result = new CompletableFuture<>();
    try {
      result.complete(fs.open(path, bufferSize));
    } catch (IOException | RuntimeException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  private int intOption(String key, int dflt) {
    String v = options.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Cannot open " + path + ": option " + key + " is '" + v
          + "', not a positive number.");
    }
  }
}
