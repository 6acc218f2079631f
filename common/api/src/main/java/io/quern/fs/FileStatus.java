package io.quern.fs;

import io.quern.fs.permission.FsPermission;

/** What a file system knows about a path, as in Hadoop. */
public class FileStatus implements Comparable<FileStatus> {
  private final Path path;
  private final long length;
  private final boolean directory;
  private final short replication;
  private final long blockSize;
  private final long modificationTime;
  private final String owner;
  private final String group;
  private final FsPermission permission;

  public FileStatus(long length, boolean directory, int replication, long blockSize, long modificationTime,
      String owner, Path path) {
    this(length, directory, replication, blockSize, modificationTime, owner, "",
        new FsPermission((short) (directory ? 0755 : 0644)), path);
  }

  public FileStatus(long length, boolean directory, int replication, long blockSize, long modificationTime,
      String owner, String group, FsPermission permission, Path path) {
    this.group = group;
    this.permission = permission;
    this.path = path;
    this.length = length;
    this.directory = directory;
    this.replication = (short) replication;
    this.blockSize = blockSize;
    this.modificationTime = modificationTime;
    this.owner = owner;
  }

  public Path getPath() {
    return path;
  }

  public long getLen() {
    return length;
  }

  public boolean isDirectory() {
    return directory;
  }

  public boolean isFile() {
    return !directory;
  }

  /** Same as {@link #isDirectory()}; Hadoop 1's name. */
  public boolean isDir() {
    return directory;
  }

  public short getReplication() {
    return replication;
  }

  public long getBlockSize() {
    return blockSize;
  }

  public long getModificationTime() {
    return modificationTime;
  }

  public String getOwner() {
    return owner;
  }

  public String getGroup() {
    return group;
  }

  public FsPermission getPermission() {
    return permission;
  }

  @Override
  public int compareTo(FileStatus o) {
    return path.compareTo(o.path);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileStatus s && path.equals(s.path);
  }

  @Override
  public int hashCode() {
    return path.hashCode();
  }

  @Override
  public String toString() {
    return (directory ? "dir " : "file ") + path + " len=" + length + " rep=" + replication;
  }
}
