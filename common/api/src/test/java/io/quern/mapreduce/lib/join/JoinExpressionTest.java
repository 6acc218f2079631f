package io.quern.mapreduce.lib.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.conf.Configuration;
import io.quern.fs.Path;
import io.quern.mapreduce.lib.input.KeyValueTextInputFormat;
import io.quern.mapreduce.lib.input.SequenceFileInputFormat;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JoinExpressionTest {
  private final Configuration conf = new Configuration(false);

  @Test
  void composeWritesWhatParseReads() throws IOException {
    String expr = CompositeInputFormat.compose("inner", SequenceFileInputFormat.class, new Path("/a"), new Path("/b"));
    assertEquals("inner(tbl(io.quern.mapreduce.lib.input.SequenceFileInputFormat,\"/a\"),"
        + "tbl(io.quern.mapreduce.lib.input.SequenceFileInputFormat,\"/b\"))", expr);
    JoinExpression.Join j = (JoinExpression.Join) JoinExpression.parse(expr, conf);
    assertEquals(JoinExpression.Op.INNER, j.op());
    assertEquals(List.of("/a", "/b"), j.tables().stream().map(JoinExpression.Table::path).toList());
    assertEquals(expr, j.toString());
  }

  @Test
  void hadoopNamesStandForQuernsAndJoinsNest() throws IOException {
    String expr = " outer( inner(tbl(org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat, \"/x y\"),"
        + "tbl(org.apache.hadoop.mapred.KeyValueTextInputFormat,\"/b\")) , "
        + CompositeInputFormat.compose(SequenceFileInputFormat.class, "c") + ") ";
    JoinExpression.Join outer = (JoinExpression.Join) JoinExpression.parse(expr, conf);
    assertEquals(JoinExpression.Op.OUTER, outer.op());
    JoinExpression.Join inner = (JoinExpression.Join) outer.children().get(0);
    assertEquals(JoinExpression.Op.INNER, inner.op());
    List<JoinExpression.Table> t = outer.tables();
    assertEquals(List.of("/x y", "/b", "c"), t.stream().map(JoinExpression.Table::path).toList());
    assertEquals(SequenceFileInputFormat.class, t.get(0).format());
    assertEquals(KeyValueTextInputFormat.class, t.get(1).format());
    assertEquals(JoinExpression.Op.OVERRIDE, ((JoinExpression.Join) JoinExpression.parse(
        CompositeInputFormat.compose("override", SequenceFileInputFormat.class, "/a", "/b"), conf)).op());
  }

  @Test
  void aBadExpressionFailsWithOneSentenceSayingWhere() {
    IOException e = assertThrows(IOException.class, () -> JoinExpression.parse(
        "inner(tbl(io.quern.mapreduce.lib.input.SequenceFileInputFormat,\"/a\") tbl(x,\"/b\"))", conf));
    assertEquals("join expression inner(tbl(io.quern.mapreduce.lib.input.SequenceFileInputFormat,\"/a\") "
        + "tbl(x,\"/b\")): expected ')' at position 69 but found 't'", e.getMessage());

    String unknown = assertThrows(IOException.class, () -> JoinExpression.parse(
        "merge(tbl(a.B,\"/a\"),tbl(a.B,\"/b\"))", conf)).getMessage();
    assertTrue(unknown.contains("unknown operation 'merge' at position 0"), unknown);
    String noClass = assertThrows(IOException.class, () -> JoinExpression.parse(
        "inner(tbl(org.apache.hadoop.mapred.NoSuchFormat,\"/a\"),tbl(org.apache.hadoop.mapred.NoSuchFormat,\"/b\"))",
        conf)).getMessage();
    assertTrue(noClass.contains("input format org.apache.hadoop.mapred.NoSuchFormat at position 10"), noClass);
    String notFormat = assertThrows(IOException.class, () -> JoinExpression.parse(
        "inner(tbl(java.lang.String,\"/a\"),tbl(java.lang.String,\"/b\"))", conf)).getMessage();
    assertTrue(notFormat.contains("is not a io.quern.mapreduce.InputFormat"), notFormat);
    assertThrows(IOException.class, () -> JoinExpression.parse("inner(tbl(x.Y,\"/a", conf));
    assertThrows(IOException.class, () -> JoinExpression.parse("", conf));
  }
}
