package io.quern.fs;

import io.quern.io.SequenceFile;
import io.quern.io.Writable;
import io.quern.io.compress.CompressionCodec;
import io.quern.io.compress.CompressionCodecFactory;
import io.quern.io.compress.GzipCodec;
import io.quern.util.ReflectionUtils;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code fs -text}: a file as text. A compressed file is decompressed (by its suffix, or a gzip
 * file by its magic bytes); a SequenceFile prints one {@code key TAB value} line per record,
 * as Hadoop's {@code -text} does.
 */
final class ShellText {
  private final FsShell shell;

  ShellText(FsShell shell) {
    this.shell = shell;
  }

  void text(String a) throws IOException {
    FileStatus st = shell.status(a);
    if (st.isDirectory()) {
      throw new FsShell.ArgException(a, "Is a directory");
    }
    FileSystem fs = shell.fs(st.getPath());
    CompressionCodec codec = new CompressionCodecFactory(shell.getConf()).getCodec(st.getPath());
    if (codec != null) {
      try (InputStream in = codec.createInputStream(fs.open(st.getPath()))) {
        in.transferTo(shell.out);
      }
      shell.out.flush();
      return;
    }
    byte[] magic = new byte[3];
    int n;
    try (FSDataInputStream in = fs.open(st.getPath())) {
      n = in.read(0, magic, 0, magic.length);
    }
    if (n == 3 && magic[0] == 'S' && magic[1] == 'E' && magic[2] == 'Q') {
      sequenceFile(fs, st.getPath());
      return;
    }
    try (InputStream raw = new BufferedInputStream(fs.open(st.getPath()))) {
      boolean gzip = n >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
      try (InputStream in = gzip ? new GzipCodec().createInputStream(raw) : raw) {
        in.transferTo(shell.out);
      }
    }
    shell.out.flush();
  }

  private void sequenceFile(FileSystem fs, Path file) throws IOException {
    try (SequenceFile.Reader reader = new SequenceFile.Reader(fs.open(file), shell.getConf())) {
      Writable key;
      Writable value;
      try {
        key = (Writable) ReflectionUtils.newInstance(reader.getKeyClass());
        value = (Writable) ReflectionUtils.newInstance(reader.getValueClass());
      } catch (IllegalStateException | IllegalArgumentException e) {
        throw new FsShell.ArgException(file.toUri().getPath(), e.getMessage());
      }
      while (reader.next(key, value)) {
        shell.out.write((key + "\t" + value + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    shell.out.flush();
  }
}
