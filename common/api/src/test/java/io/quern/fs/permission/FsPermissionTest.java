package io.quern.fs.permission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FsPermissionTest {
  @Test
  void stickyBitParsesAndShowsAsLsDoes() {
    FsPermission tmp = FsPermission.valueOf("1777");
    assertEquals(01777, tmp.toShort());
    assertTrue(tmp.getStickyBit());
    assertEquals("rwxrwxrwt", tmp.toString());
    assertEquals("rwxrwx--T", FsPermission.valueOf("1770").toString());
    assertEquals(tmp, FsPermission.valueOf("01777"));
    assertEquals("rwxr-x---", FsPermission.valueOf("0750").toString());
    assertFalse(FsPermission.valueOf("750").getStickyBit());
    assertEquals(05, FsPermission.valueOf("5").toShort());
  }

  @Test
  void setuidSetgidAndNonOctalAreRefused() {
    for (String bad : new String[] {"2777", "4755", "7777", "11777", "", "8", "rwx", "0x1ff", "17777"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FsPermission.valueOf(bad), bad);
      assertEquals("'" + bad + "' is not an octal mode such as 755 or 1777.", e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> new FsPermission((short) 02000));
  }

  @Test
  void umaskLeavesTheStickyBit() {
    assertEquals(01755, FsPermission.valueOf("1777").applyUMask(FsPermission.valueOf("022")).toShort());
  }
}
