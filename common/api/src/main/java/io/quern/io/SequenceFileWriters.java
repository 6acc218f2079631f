package io.quern.io;

import io.quern.conf.Configuration;
import io.quern.conf.CoreKeys;
import io.quern.fs.DfsKeys;
import io.quern.fs.FSDataInputStream;
import io.quern.fs.FSDataOutputStream;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.io.SequenceFile.CompressionType;
import io.quern.io.compress.CompressionCodec;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Turns the options of {@link SequenceFile#createWriter} and of the reader's option constructor into streams. */
final class SequenceFileWriters {
  private SequenceFileWriters() {}

  static SequenceFile.Writer create(Configuration conf, SequenceFile.Writer.Option... opts) throws IOException {
    Path file = null;
    FileSystem fs = null;
    FSDataOutputStream stream = null;
    Class<?> keyClass = null;
    Class<?> valueClass = null;
    CompressionType type = null;
    CompressionCodec codec = null;
    int bufferSize = CoreKeys.IO_FILE_BUFFER_SIZE.getInt(conf);
    Short replication = null;
    Long blockSize = null;
    for (SequenceFile.Writer.Option o : opts) {
      if (o instanceof SequenceFile.Writer.FileOption f) {
        file = f.value();
      } else if (o instanceof SequenceFile.Writer.FileSystemOption f) {
        fs = f.value();
      } else if (o instanceof SequenceFile.Writer.StreamOption s) {
        stream = s.value();
      } else if (o instanceof SequenceFile.Writer.KeyClassOption k) {
        keyClass = k.value();
      } else if (o instanceof SequenceFile.Writer.ValueClassOption v) {
        valueClass = v.value();
      } else if (o instanceof SequenceFile.Writer.CompressionOption c) {
        type = c.type();
        codec = c.codec();
      } else if (o instanceof SequenceFile.Writer.BufferSizeOption b) {
        bufferSize = b.value();
      } else if (o instanceof SequenceFile.Writer.ReplicationOption r) {
        replication = r.value();
      } else if (o instanceof SequenceFile.Writer.BlockSizeOption b) {
        blockSize = b.value();
      } else {
        throw new IllegalArgumentException("A SequenceFile writer takes no option " + o + ".");
      }
    }
    if ((file == null) == (stream == null)) {
      throw new IllegalArgumentException("A SequenceFile writer needs exactly one of the file and stream options.");
    }
    if (keyClass == null || valueClass == null) {
      throw new IllegalArgumentException("A SequenceFile writer needs the keyClass and valueClass options.");
    }
    if (type == null) {
      type = SequenceFile.getDefaultCompressionType(conf);
    }
    int compressBlock = CoreKeys.SEQFILE_COMPRESS_BLOCKSIZE.getInt(conf);
    OutputStream out;
    if (stream != null) {
      out = new KeepOpen(stream);
    } else {
      if (fs == null) {
        fs = file.getFileSystem(conf);
      }
      short r = replication != null ? replication : (short) DfsKeys.REPLICATION.getInt(conf);
      long b = blockSize != null ? blockSize : DfsKeys.BLOCK_SIZE.getBytes(conf);
      out = fs.create(file, true, bufferSize, r, b);
    }
    try {
      return new SequenceFile.Writer(out, keyClass, valueClass, type, codec, compressBlock);
    } catch (IOException | RuntimeException e) {
      out.close();
      throw e;
    }
  }

  static FSDataInputStream openForReading(Configuration conf, SequenceFile.Reader.Option... opts) throws IOException {
    Path file = null;
    FSDataInputStream stream = null;
    int bufferSize = CoreKeys.IO_FILE_BUFFER_SIZE.getInt(conf);
    for (SequenceFile.Reader.Option o : opts) {
      if (o instanceof SequenceFile.Reader.FileOption f) {
        file = f.value();
      } else if (o instanceof SequenceFile.Reader.StreamOption s) {
        stream = s.value();
      } else if (o instanceof SequenceFile.Reader.BufferSizeOption b) {
        bufferSize = b.value();
      } else {
        throw new IllegalArgumentException("A SequenceFile reader takes no option " + o + ".");
      }
    }
    if ((file == null) == (stream == null)) {
      throw new IllegalArgumentException("A SequenceFile reader needs exactly one of the file and stream options.");
    }
    return stream != null ? stream : file.getFileSystem(conf).open(file, bufferSize);
  }

  /** A caller's stream the writer writes onto: closing the writer flushes it and leaves it open, as in Hadoop. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
