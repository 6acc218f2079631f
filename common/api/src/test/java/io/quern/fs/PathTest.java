package io.quern.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class PathTest {
  @Test
  void parsesSchemesAndNormalizes() {
    Path p = new Path("qfs:///a//b/");
    assertEquals("qfs", p.toUri().getScheme());
    assertEquals("/a/b", p.toUri().getPath());
    assertEquals("qfs:///a/b", p.toString());
    assertEquals("file:///tmp/x", new Path("file:///tmp/x").toString());
    assertEquals("/a/b", new Path("/a/b").toString());
    assertEquals("qfs://nn:9000/a", new Path("qfs://nn:9000/a").toString());
  }

  @Test
  void parentNameAndChildren() {
    Path p = new Path(new Path("/a"), "b/c");
    assertEquals("/a/b/c", p.toString());
    assertEquals("c", p.getName());
    assertEquals(new Path("/a/b"), p.getParent());
    assertEquals(new Path("/"), new Path("/a").getParent());
    assertNull(new Path("/").getParent());
    assertEquals("", new Path("/").getName());
    assertEquals(new Path("/x"), new Path(new Path("/a"), new Path("/x")), "an absolute child wins");
    assertEquals("qfs:///a/b", new Path(new Path("qfs:///a"), "b").toString());
    assertEquals(3, p.depth());
  }

  @Test
  void relativePaths() {
    Path rel = new Path("dir/file");
    assertFalse(rel.isAbsolute());
    assertTrue(new Path("/x").isAbsolute());
    assertEquals(new Path(URI.create("qfs:///a")), new Path("qfs:///a"));
  }
}
