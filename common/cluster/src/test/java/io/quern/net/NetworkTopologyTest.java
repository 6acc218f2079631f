package io.quern.net;

import static io.quern.net.NetworkTopology.distance;
import static io.quern.net.NetworkTopology.normalize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkTopologyTest {
  record Replica(String host, String rack) {}

  @Test
  void distancesCountHopsToTheCommonAncestor() {
    assertEquals(0, distance("h1", "/r1", "h1", "/r1"));
    assertEquals(2, distance("h1", "/r1", "h2", "/r1"));
    assertEquals(4, distance("h1", "/r1", "h2", "/r2"));
    assertEquals(4, distance("h1", "/dc1/r1", "h2", "/dc1/r2"));
    assertEquals(6, distance("h1", "/dc1/r1", "h2", "/dc2/r1"));
    assertEquals(5, distance("h1", "/r1", "h2", "/dc1/r1"));
    assertEquals(2, distance("h1", null, "h2", "/default-rack"));
  }

  @Test
  void normalizeStripsTrailingSlashesAndRejectsNonPaths() {
    assertEquals("/dc1/rack1", normalize(" /dc1/rack1// "));
    assertNull(normalize("rack1"));
    assertNull(normalize("/"));
    assertNull(normalize(""));
    assertNull(normalize(null));
  }

  @Test
  void sortsReplicasClosestFirstKeepingTies() {
    List<Replica> replicas = List.of(
        new Replica("far", "/dc2/r1"), new Replica("other-rack", "/dc1/r2"),
        new Replica("rack-a", "/dc1/r1"), new Replica("local", "/dc1/r1"), new Replica("rack-b", "/dc1/r1"));

    List<Replica> sorted =
        NetworkTopology.sortByDistance("local", "/dc1/r1", replicas, Replica::host, Replica::rack);

    assertEquals(List.of("local", "rack-a", "rack-b", "other-rack", "far"),
        sorted.stream().map(Replica::host).toList());
  }

  @Test
  void sameRackComparesNormalizedPaths() {
    assertTrue(NetworkTopology.isOnSameRack("/r1/", "/r1"));
    assertTrue(NetworkTopology.isOnSameRack(null, "/default-rack"));
    assertFalse(NetworkTopology.isOnSameRack("/r1", "/r2"));
  }
}
