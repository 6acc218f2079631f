package io.quern.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgramDriverTest {
  static String[] received;

  public static class Echo {
    public static void main(String[] args) {
      received = args;
    }
  }

  public static class Broken {
    public static void main(String[] args) throws java.io.IOException {
      throw new java.io.IOException("no input " + args[0]);
    }
  }

  public static class NoMain {}

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  private ProgramDriver driver() {
    ProgramDriver d = new ProgramDriver(new PrintStream(printed, true, StandardCharsets.UTF_8));
    d.addClass("echo", Echo.class, "Prints nothing, keeps its arguments.");
    d.addClass("broken", Broken.class, "Fails.");
    return d;
  }

  @Test
  void runsTheNamedProgramWithTheRestOfTheArguments() throws Throwable {
    received = null;
    assertEquals(0, driver().run(new String[] {"echo", "in", "out"}));
    assertArrayEquals(new String[] {"in", "out"}, received);
  }

  @Test
  void noneOrAnUnknownProgramListsThePrograms() throws Throwable {
    assertEquals(-1, driver().run(new String[0]));
    assertEquals(-1, driver().run(new String[] {"nope"}));
    String out = printed.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("Unknown program 'nope' chosen."), out);
    assertTrue(out.contains("  broken: Fails.\n  echo: Prints nothing"), out);
  }

  @Test
  void aProgramsExceptionComesThroughAsItWasThrown() {
    java.io.IOException e = assertThrows(java.io.IOException.class, () -> driver().run(new String[] {"broken", "x"}));
    assertEquals("no input x", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> driver().addClass("none", NoMain.class, "No main."));
  }
}
