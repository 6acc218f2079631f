package io.quern.namenode;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** One namespace change as written to the edit log; replaying the ops in order rebuilds the state. */
sealed interface EditOp {
  void write(DataOutput out) throws IOException;

  byte code();

  /** Every directory it creates gets {@code perm}. */
  record Mkdirs(String path, Perm perm, long time) implements EditOp {
    public byte code() { return 1; }
    public void write(DataOutput o) throws IOException { o.writeUTF(path); writePerm(o, perm); o.writeLong(time); }
  }

  record Create(String path, int replication, long blockSize, Perm perm, String client, long time)
      implements EditOp {
    public byte code() { return 2; }
    public void write(DataOutput o) throws IOException {
      o.writeUTF(path); o.writeInt(replication); o.writeLong(blockSize); writePerm(o, perm); o.writeUTF(client);
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

  record SetPermission(String path, short mode) implements EditOp {
    public byte code() { return 10; }
    public void write(DataOutput o) throws IOException { o.writeUTF(path); o.writeShort(mode); }
  }

  /** The resulting owner and group (both, even when only one changed). */
  record SetOwner(String path, String owner, String group) implements EditOp {
    public byte code() { return 11; }
    public void write(DataOutput o) throws IOException { o.writeUTF(path); o.writeUTF(owner); o.writeUTF(group); }
  }

  /** A closed file reopened for appending by {@code client}: new data goes into new blocks after its last. */
  record Append(String path, String client, long time) implements EditOp {
    public byte code() { return 12; }
    public void write(DataOutput o) throws IOException { o.writeUTF(path); o.writeUTF(client); o.writeLong(time); }
  }

  static void writePerm(DataOutput o, Perm p) throws IOException {
    o.writeUTF(p.owner());
    o.writeUTF(p.group());
    o.writeShort(p.mode());
  }

  static Perm readPerm(DataInput in) throws IOException {
    String owner = in.readUTF();
    String group = in.readUTF();
    short mode = in.readShort();
    if (!Perm.validMode(mode)) {
      throw new IOException("invalid mode " + mode);
    }
    return new Perm(owner, group, mode);
  }

  static EditOp read(DataInput in) throws IOException {
    byte code = in.readByte();
    return switch (code) {
      case 1 -> new Mkdirs(in.readUTF(), readPerm(in), in.readLong());
      case 2 -> new Create(in.readUTF(), in.readInt(), in.readLong(), readPerm(in), in.readUTF(), in.readLong());
      case 3 -> new AddBlock(in.readUTF(), in.readLong());
      case 4 -> new CommitBlock(in.readUTF(), in.readLong(), in.readLong());
      case 5 -> new AbandonBlock(in.readUTF(), in.readLong());
      case 6 -> new Close(in.readUTF(), in.readLong());
      case 7 -> new Delete(in.readUTF(), in.readLong());
      case 8 -> new Rename(in.readUTF(), in.readUTF(), in.readLong());
      case 9 -> new SetReplication(in.readUTF(), in.readInt());
      case 10 -> {
        String path = in.readUTF();
        short mode = in.readShort();
        if (!Perm.validMode(mode)) {
          throw new IOException("invalid mode " + mode);
        }
        yield new SetPermission(path, mode);
      }
      case 11 -> new SetOwner(in.readUTF(), in.readUTF(), in.readUTF());
      case 12 -> new Append(in.readUTF(), in.readUTF(), in.readLong());
      default -> throw new IOException("unknown edit op code " + code);
    };
  }
}
