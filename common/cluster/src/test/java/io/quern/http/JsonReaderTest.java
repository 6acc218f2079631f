package io.quern.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
  enum Colour { RED, BLUE }

  record Inner(String s, double d, Colour c) {}

  record Outer(long n, int i, boolean b, String absent, List<Inner> list, Map<String, Map<String, Long>> nested) {}

  @Test
  void whatJsonWritesReadsBackEqual() {
    Outer o = new Outer(Long.MAX_VALUE, -7, true, null,
        List.of(new Inner("quote \" backslash \\ tab \t <tag> \u2028 é \u0001", 0.25, Colour.BLUE)),
        Map.of("g", Map.of("c", 3L)));
    assertEquals(o, JsonReader.read(Json.write(o), Outer.class));
  }

  @Test
  void missingFieldsTakeTheirDefaultsAndUnknownOnesAreIgnored() {
    Outer o = JsonReader.read("{\"n\": 5, \"extra\": [1, {\"x\": null}], \"list\": []}", Outer.class);
    assertEquals(new Outer(5, 0, false, null, List.of(), null), o);
  }

  @Test
  void malformedTextIsRefusedWithWhereAndWhy() {
    for (String bad : List.of("", "{", "{\"n\":}", "[1,]", "\"open", "{\"n\":1} x", "tru", "{\"s\":\"\\q\"}")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("malformed JSON at character "), e.getMessage());
    }
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(deep), "no stack overflow");
  }

  @Test
  void aValueOfTheWrongTypeNamesItsPlace() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JsonReader.read("{\"list\": [{\"c\": \"GREEN\"}]}", Outer.class));
    assertTrue(e.getMessage().startsWith("$.list[0].c should be one of"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> JsonReader.read("{\"n\": \"x\"}", Outer.class));
    assertEquals("$.n should be a number, not x", e.getMessage());
  }
}
