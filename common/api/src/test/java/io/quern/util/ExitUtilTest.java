package io.quern.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExitUtilTest {
  @Test
  void aDisabledExitThrowsWithTheStatusAndRemembersTheFirst() {
    ExitUtil.disableSystemExit();
    ExitUtil.resetFirstExitException();
    assertFalse(ExitUtil.terminateCalled());
    ExitUtil.ExitException first = assertThrows(ExitUtil.ExitException.class, () -> ExitUtil.terminate(3));
    assertEquals(3, first.getExitCode());
    ExitUtil.ExitException second = assertThrows(ExitUtil.ExitException.class, () -> ExitUtil.terminate(0, "done"));
    assertEquals(0, second.status);
    assertTrue(ExitUtil.terminateCalled());
    assertSame(first, ExitUtil.getFirstExitException());
    ExitUtil.resetFirstExitException();
    assertFalse(ExitUtil.terminateCalled());
  }
}
