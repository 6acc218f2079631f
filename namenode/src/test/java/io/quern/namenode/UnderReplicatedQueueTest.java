package io.quern.namenode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnderReplicatedQueueTest {
  @Test
  void fewestLiveReplicasFirstThenArrivalOrder() {
    UnderReplicatedQueue q = new UnderReplicatedQueue();
    q.update(1, 2);
    q.update(2, 1);
    q.update(3, 0);
    q.update(4, 1);
    q.update(5, 7);
    assertEquals(List.of(3L, 2L, 4L, 1L, 5L), q.inOrder());
    q.update(1, 0);
    assertEquals(List.of(3L, 1L, 2L, 4L, 5L), q.inOrder());
    q.remove(3);
    assertFalse(q.contains(3));
    assertEquals(4, q.size());
  }
}
