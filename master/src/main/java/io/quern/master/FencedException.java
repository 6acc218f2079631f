package io.quern.master;

import java.io.IOException;

/** A state write of a master whose epoch is no longer the current one: a newer leader exists. */
final class FencedException extends IOException {
  FencedException(long epoch) {
    super("epoch " + epoch + " is no longer the current master epoch; a newer master leads");
  }
}
