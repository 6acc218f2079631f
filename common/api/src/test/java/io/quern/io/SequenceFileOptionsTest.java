package io.quern.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.fs.FSDataOutputStream;
import io.quern.fs.FileSystem;
import io.quern.fs.Path;
import io.quern.io.SequenceFile.CompressionType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceFileOptionsTest {
  @TempDir
  java.nio.file.Path tmp;

  private static List<String> readAll(SequenceFile.Reader r) throws Exception {
    List<String> out = new ArrayList<>();
    LongWritable k = new LongWritable();
    Text v = new Text();
    while (r.next(k, v)) {
      out.add(k.get() + "=" + v);
    }
    return out;
  }

  private static void write(SequenceFile.Writer w, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      w.append(new LongWritable(i), new Text("value " + i));
    }
  }

  private static List<String> expected(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(i + "=value " + i);
    }
    return out;
  }

  @Test
  void createWriterWithOptionsWritesAFileBothReaderFormsRead() throws Exception {
    Configuration conf = new Configuration();
    Path file = new Path("file://" + tmp + "/a.seq");
    try (SequenceFile.Writer w = SequenceFile.createWriter(conf, SequenceFile.Writer.file(file),
        SequenceFile.Writer.keyClass(LongWritable.class), SequenceFile.Writer.valueClass(Text.class))) {
      write(w, 500);
      assertEquals(CompressionType.RECORD, w.getCompressionType(), "Hadoop's default, io.seqfile.compression.type");
    }
    FileSystem fs = file.getFileSystem(conf);
    try (SequenceFile.Reader r = new SequenceFile.Reader(fs, file, conf)) {
      assertTrue(r.isCompressed());
      assertEquals(expected(500), readAll(r));
    }
    try (SequenceFile.Reader r = new SequenceFile.Reader(conf, SequenceFile.Reader.file(file))) {
      assertEquals(expected(500), readAll(r));
    }
  }

  @Test
  void olderFormsTakeTheFileSystemAndCompression() throws Exception {
    Configuration conf = new Configuration();
    FileSystem fs = FileSystem.getLocal(conf);
    Path file = new Path("file://" + tmp + "/b.seq");
    try (SequenceFile.Writer w = SequenceFile.createWriter(fs, conf, file, LongWritable.class, Text.class,
        CompressionType.BLOCK)) {
      write(w, 300);
    }
    try (SequenceFile.Reader r = new SequenceFile.Reader(fs, file, conf)) {
      assertTrue(r.isBlockCompressed());
      assertEquals(expected(300), readAll(r));
    }
    conf.set(SequenceFile.COMPRESSION_TYPE_KEY, "none");
    try (SequenceFile.Writer w = SequenceFile.createWriter(fs, conf, file, LongWritable.class, Text.class)) {
      write(w, 3);
    }
    try (SequenceFile.Reader r = new SequenceFile.Reader(fs, file, conf)) {
      assertFalse(r.isCompressed());
      assertEquals(expected(3), readAll(r));
    }
  }

  @Test
  void aStreamOptionIsLeftOpenForTheCaller() throws Exception {
    Configuration conf = new Configuration();
    FileSystem fs = FileSystem.getLocal(conf);
    Path file = new Path("file://" + tmp + "/c.seq");
    try (FSDataOutputStream out = fs.create(file)) {
      SequenceFile.Writer w = SequenceFile.createWriter(conf, SequenceFile.Writer.stream(out),
          SequenceFile.Writer.keyClass(LongWritable.class), SequenceFile.Writer.valueClass(Text.class),
          SequenceFile.Writer.compression(CompressionType.NONE));
      write(w, 10);
      w.close();
      long written = out.getPos();
      out.writeInt(7); // still open: a closed stream would throw
      out.hflush();
      assertEquals(written + 4, fs.getFileStatus(file).getLen(), "hflush put everything written in the file");
    }
    try (SequenceFile.Reader r = new SequenceFile.Reader(conf, SequenceFile.Reader.stream(fs.open(file)))) {
      LongWritable k = new LongWritable();
      Text v = new Text();
      for (int i = 0; i < 10; i++) {
        assertTrue(r.next(k, v));
        assertEquals(i + "=value " + i, k.get() + "=" + v);
      }
    }
  }

  @Test
  void missingOrConflictingOptionsAreRefused() {
    Configuration conf = new Configuration();
    Path file = new Path("file://" + tmp + "/d.seq");
    assertThrows(IllegalArgumentException.class, () -> SequenceFile.createWriter(conf, SequenceFile.Writer.file(file)));
    assertThrows(IllegalArgumentException.class, () -> SequenceFile.createWriter(conf,
        SequenceFile.Writer.keyClass(LongWritable.class), SequenceFile.Writer.valueClass(Text.class)));
    conf.set(SequenceFile.COMPRESSION_TYPE_KEY, "fast");
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> SequenceFile.createWriter(conf,
        SequenceFile.Writer.file(file), SequenceFile.Writer.keyClass(LongWritable.class),
        SequenceFile.Writer.valueClass(Text.class)));
    assertTrue(bad.getMessage().contains(SequenceFile.COMPRESSION_TYPE_KEY), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SequenceFile.Reader(conf));
  }
}
