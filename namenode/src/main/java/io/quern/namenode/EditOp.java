package io.quern.namenode;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** One namespace change as written to the edit log; replaying the ops in order rebuilds the state. */
sealed interface EditOp {
  void write(DataOutput out) throws IOException;

  byte code();

  record Mkdirs(String path, String owner, long time) implements EditOp {
    public byte code() { return 1; }
    public void write(DataOutput o) throws IOException { o.writeUTF(path); o.writeUTF(owner); o.writeLong(time); }
  }

  record Create(String path, int replication, long blockSize, String owner, String client, long time)
      implements EditOp {
    public byte code() { return 2; }
    public void write(DataOutput o) throws IOException {
      o.writeUTF(path); o.writeInt(replication); o.writeLong(blockSize); o.writeUTF(owner); o.writeUTF(client);
      o.writeLong(time);
    }
  }

  record AddBlock(String path, long blockId) implements EditOp {
    public byte code() { return 3; }
    public void write(DataOutput o) throws IOException { o.writeUTF(path); o.writeLong(blockId); }
  }

  record CommitBlock(String path, long blockId, long length) implements EditOp {
    public byte code() { return 4; }
    public void write(DataOutput o) throws IOException { o.writeUTF(path); o.writeLong(blockId); o.writeLong(length); }
  }

  record AbandonBlock(String path, long blockId) implements EditOp {
    public byte code() { return 5; }
    public void write(DataOutput o) throws IOException { o.writeUTF(path); o.writeLong(blockId); }
  }

  record Close(String path, long time) implements EditOp {
    public byte code() { return 6; }
    public void write(DataOutput o) throws IOException { o.writeUTF(path); o.writeLong(time); }
  }

  record Delete(String path, long time) implements EditOp {
    public byte code() { return 7; }
    public void write(DataOutput o) throws IOException { o.writeUTF(path); o.writeLong(time); }
  }

  /** {@code dst} is the final path, already resolved against an existing target directory. */
  record Rename(String src, String dst, long time) implements EditOp {
    public byte code() { return 8; }
    public void write(DataOutput o) throws IOException { o.writeUTF(src); o.writeUTF(dst); o.writeLong(time); }
  }

  record SetReplication(String path, int replication) implements EditOp {
    public byte code() { return 9; }
    public void write(DataOutput o) throws IOException { o.writeUTF(path); o.writeInt(replication); }
  }

  static EditOp read(DataInput in) throws IOException {
    byte code = in.readByte();
    return switch (code) {
      case 1 -> new Mkdirs(in.readUTF(), in.readUTF(), in.readLong());
      case 2 -> new Create(in.readUTF(), in.readInt(), in.readLong(), in.readUTF(), in.readUTF(), in.readLong());
      case 3 -> new AddBlock(in.readUTF(), in.readLong());
      case 4 -> new CommitBlock(in.readUTF(), in.readLong(), in.readLong());
      case 5 -> new AbandonBlock(in.readUTF(), in.readLong());
      case 6 -> new Close(in.readUTF(), in.readLong());
      case 7 -> new Delete(in.readUTF(), in.readLong());
      case 8 -> new Rename(in.readUTF(), in.readUTF(), in.readLong());
      case 9 -> new SetReplication(in.readUTF(), in.readInt());
      default -> throw new IOException("unknown edit op code " + code);
    };
  }
}
