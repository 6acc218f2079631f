package io.quern.fs;

/** Names of the options file system builders take. */
public final class Options {
  private Options() {}

  /**
   * Options of {@link FileSystem#openFile}: hints a file system may use to read better (all are
   * accepted; those this one does not use change nothing but the way it reads).
   */
  public static final class OpenFileOptions {
    private OpenFileOptions() {}

    /** How the file will be read: one of the policies below, or several, comma-separated, best first. */
    public static final String FS_OPTION_OPENFILE_READ_POLICY = "fs.option.openfile.read.policy";
    public static final String FS_OPTION_OPENFILE_READ_POLICY_DEFAULT = "default";
    public static final String FS_OPTION_OPENFILE_READ_POLICY_SEQUENTIAL = "sequential";
    public static final String FS_OPTION_OPENFILE_READ_POLICY_RANDOM = "random";
    public static final String FS_OPTION_OPENFILE_READ_POLICY_ADAPTIVE = "adaptive";
    public static final String FS_OPTION_OPENFILE_READ_POLICY_WHOLE_FILE = "whole-file";
    public static final String FS_OPTION_OPENFILE_READ_POLICY_VECTOR = "vector";
    /** The file's length, when the caller knows it. */
    public static final String FS_OPTION_OPENFILE_LENGTH = "fs.option.openfile.length";
    /** Where the caller's split of the file starts. */
    public static final String FS_OPTION_OPENFILE_SPLIT_START = "fs.option.openfile.split.start";
    /** Where the caller's split of the file ends (it may read past it, to the end of a record). */
    public static final String FS_OPTION_OPENFILE_SPLIT_END = "fs.option.openfile.split.end";
    /** The buffer size to open the file with. */
    public static final String FS_OPTION_OPENFILE_BUFFER_SIZE = "fs.option.openfile.buffer.size";
  }
}
