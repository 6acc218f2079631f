package io.quern.namenode;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The checkpoint of the namespace: every inode in pre-order (parents before children) with its
 * blocks, the txid it includes and the next block id, followed by a CRC32C of all of it. Written
 * to a temporary file, fsync'd and renamed, so a crash leaves the old image or the new one.
 */
final class FsImage {
  private static final int MAGIC = 0x51464932; // "QFI2": format 2 adds owner, group and mode

  /** What a loaded image holds besides the tree. */
  record Loaded(FsDirectory dir, long txid, long nextBlockId) {}

  private FsImage() {}

  /**
   * The image of {@code dir} at {@code txid}, in memory: taken under the namespace lock, so it
   * costs the lock a serialization, not a disk write.
   */
  static byte[] encode(FsDirectory dir, long txid, long nextBlockId) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(1 << 16);
    CRC32C crc = new CRC32C();
    DataOutputStream out = new DataOutputStream(new CheckedOutputStream(bytes, crc));
    out.writeInt(MAGIC);
    out.writeLong(txid);
    out.writeLong(nextBlockId);
    out.writeLong(dir.root.modificationTime);
    EditOp.writePerm(out, dir.root.perm());
    writeChildren(out, dir.root);
    out.writeByte(0);
    out.flush();
    new DataOutputStream(bytes).writeLong(crc.getValue());
    return bytes.toByteArray();
  }

  /** Writes an {@link #encode encoded} image as {@code file}: whole, durable, or not at all. */
  static void write(Path file, byte[] image) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    java.nio.file.Files.deleteIfExists(tmp);
    io.quern.util.PrivatePaths.createFile(tmp, new byte[0]);
    try (FileOutputStream fos = new FileOutputStream(tmp.toFile())) {
      fos.write(image);
      fos.getFD().sync();
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(file.getParent());
  }

  /** Makes a rename in {@code dir} durable. */
  static void syncDirectory(Path dir) throws IOException {
    try (java.nio.channels.FileChannel d = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  private static boolean nb0(int rep, long bs) {
    return rep < 1 || bs <= 0;
  }

  private static void writeChildren(DataOutputStream out, INodeDirectory d) throws IOException {
    for (INode n : d.children.values()) {
      out.writeByte(n.isDirectory() ? 1 : 2);
      out.writeUTF(n.fullPath());
      out.writeLong(n.modificationTime);
      EditOp.writePerm(out, n.perm());
      if (n instanceof INodeFile f) {
        out.writeInt(f.replication);
        out.writeLong(f.blockSize);
        out.writeUTF(f.clientName == null ? "" : f.clientName);
        out.writeInt(f.blocks.size());
        for (BlockInfo b : f.blocks) {
          out.writeLong(b.id);
          out.writeLong(b.length);
          out.writeBoolean(b.committed);
        }
      } else {
        writeChildren(out, (INodeDirectory) n);
      }
    }
  }

  /** Loads an image; null when there is none (a new file system). */
  static Loaded load(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    verifyChecksum(file);
    try {
      return parse(file);
    } catch (IOException | RuntimeException e) {
      throw new IOException("The image " + file + " is corrupt (" + e + "); restore it from a backup.", e);
    }
  }

  /** Checks the trailing CRC32C before anything is parsed, so a corrupt image is never half-loaded. */
  private static void verifyChecksum(Path file) throws IOException {
    long size = Files.size(file);
    if (size < 4 + 8 * 3 + 1 + 8) {
      throw new IOException("The image " + file + " is truncated (" + size + " bytes); restore it from a backup.");
    }
    CRC32C crc = new CRC32C();
    long stored;
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      byte[] buf = new byte[64 * 1024];
      long left = size - 8;
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw new IOException("The image " + file + " changed while being read.");
        }
        crc.update(buf, 0, n);
        left -= n;
      }
      stored = in.readLong();
    }
    if (stored != crc.getValue()) {
      throw new IOException("The image " + file + " is corrupt (checksum mismatch); restore it from a backup.");
    }
  }

  private static Loaded parse(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    try (DataInputStream in = new DataInputStream(
        new CheckedInputStream(new BufferedInputStream(Files.newInputStream(file)), crc))) {
      int magic = in.readInt();
      if (magic != MAGIC) {
        throw new IOException("The image " + file + " is not a Quern namespace image of format 2 (magic "
            + Integer.toHexString(magic) + ").");
      }
      long txid = in.readLong();
      long nextBlockId = in.readLong();
      long rootTime = in.readLong();
      FsDirectory dir = new FsDirectory(rootTime, EditOp.readPerm(in));
      java.util.Map<INode, Long> mtimes = new java.util.IdentityHashMap<>();
      while (true) {
        byte kind = in.readByte();
        if (kind == 0) {
          break;
        }
        String path = in.readUTF();
        long mtime = in.readLong();
        Perm perm = EditOp.readPerm(in);
        if (kind == 1) {
          dir.mkdirs(path, perm, mtime);
        } else if (kind != 2) {
          throw new IOException("unknown inode kind " + kind);
        } else {
          int rep = in.readInt();
          long bs = in.readLong();
          String client = in.readUTF();
          if (nb0(rep, bs)) {
            throw new IOException("invalid replication " + rep + " or block size " + bs + " of " + path);
          }
          INodeFile f = dir.addFile(path, rep, bs, perm, client.isEmpty() ? null : client, mtime);
          int nb = in.readInt();
          if (nb < 0) {
            throw new IOException("negative block count " + nb + " of " + path);
          }
          for (int i = 0; i < nb; i++) {
            BlockInfo b = new BlockInfo(in.readLong(), f);
            b.length = in.readLong();
            b.committed = in.readBoolean();
            f.blocks.add(b);
          }
        }
        mtimes.put(dir.get(path), mtime);
      }
      // Adding a child touches its parent's mtime, so the stored times are set once all exist.
      mtimes.forEach((n, t) -> n.modificationTime = t);
      dir.root.modificationTime = rootTime;
      long expected = crc.getValue();
      long stored = in.readLong();
      if (stored != expected) {
        throw new IOException("The image " + file + " is corrupt (checksum mismatch); restore it from a backup.");
      }
      return new Loaded(dir, txid, nextBlockId);
    }
  }
}
