package io.quern.protocol.mapred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quern.mapreduce.CountersSnapshot;
import java.rmi.RemoteException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttemptReportTest {
  @Test
  void aBatchLongerThanTheBoundOrHoldingANullIsRefusedWithOneSentence() throws Exception {
    AttemptReport r = AttemptReport.commit(1, "attempt_202601010000_0001_m_000000_0", "w1");
    TaskUmbilicalProtocol.checkReports(Collections.nCopies(TaskUmbilicalProtocol.MAX_REPORTS, r));
    RemoteException e = assertThrows(RemoteException.class,
        () -> TaskUmbilicalProtocol.checkReports(Collections.nCopies(TaskUmbilicalProtocol.MAX_REPORTS + 1, r)));
    assertEquals("report takes a list of at most 4096 attempt reports; this one had 4097", e.getMessage());
    List<AttemptReport> withNull = new ArrayList<>(List.of(r));
    withNull.add(null);
    assertThrows(RemoteException.class, () -> TaskUmbilicalProtocol.checkReports(withNull));
    assertThrows(RemoteException.class, () -> TaskUmbilicalProtocol.checkReports(null));
  }

  @Test
  void aReportNeedsItsKindAndAttempt() {
    AttemptStatus noId = new AttemptStatus(1, null, "w1", 0, "", CountersSnapshot.EMPTY, null);
    assertThrows(NullPointerException.class, () -> AttemptReport.done(noId));
    assertThrows(NullPointerException.class, () -> new AttemptReport(null,
        new AttemptStatus(1, "a", "w1", 0, "", CountersSnapshot.EMPTY, null), null));
  }
}
