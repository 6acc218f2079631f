package io.quern.namenode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quern.protocol.dfs.AdminState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class PlacementPolicyTest {
  List<DatanodeDescriptor> nodes;
  PlacementPolicy policy;

  @BeforeEach
  void setUp() {
    nodes = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      DatanodeDescriptor d = new DatanodeDescriptor("h" + i + ":1", "h" + i, 1, i <= 3 ? "/r1" : "/r2");
      d.remaining = 1L << 30;
      nodes.add(d);
    }
    policy = new PlacementPolicy(new Random());
  }

  @RepeatedTest(20)
  void hadoopRackAwarePattern() {
    List<DatanodeDescriptor> t = policy.chooseTargets(3, "h2", List.of(), Set.of(), 1 << 20, nodes);
    assertEquals(3, t.size());
    assertEquals("h2", t.get(0).host, "writer's node first");
    assertNotEquals(t.get(0).rack, t.get(1).rack, "second on another rack");
    assertEquals(t.get(1).rack, t.get(2).rack, "third on the second's rack");
    assertNotEquals(t.get(1).id, t.get(2).id);
  }

  @Test
  void writerOutsideTheClusterGetsAnyNode() {
    List<DatanodeDescriptor> t = policy.chooseTargets(3, "client", List.of(), Set.of(), 1 << 20, nodes);
    assertEquals(3, t.size());
    assertEquals(3, t.stream().map(d -> d.id).distinct().count());
  }

  @RepeatedTest(10)
  void skipsFullLeavingAndExcludedNodes() {
    nodes.get(0).remaining = 10;
    nodes.get(1).adminState = AdminState.DECOMMISSIONING;
    List<DatanodeDescriptor> t = policy.chooseTargets(3, "h1", List.of(), Set.of("h3:1"), 1 << 20, nodes);
    assertEquals(3, t.size());
    assertTrue(t.stream().allMatch(d -> d.rack.equals("/r2")));
  }

  @Test
  void reReplicationGoesOffRackWhenAllReplicasShareOne() {
    List<DatanodeDescriptor> existing = List.of(nodes.get(0), nodes.get(1));
    List<DatanodeDescriptor> t = policy.chooseTargets(1, "h1", existing, Set.of(), 1 << 20, nodes);
    assertEquals("/r2", t.get(0).rack);
  }

  @Test
  void fewerNodesThanReplicas() {
    List<DatanodeDescriptor> t = policy.chooseTargets(3, "h1", List.of(), Set.of(), 1 << 20, nodes.subList(0, 2));
    assertEquals(2, t.size());
  }

  @Test
  void excessIsTakenFromTheFullestRack() {
    List<DatanodeDescriptor> holders = List.of(nodes.get(0), nodes.get(1), nodes.get(3));
    nodes.get(1).remaining = 5;
    assertEquals("h2:1", policy.chooseExcess(holders).id);
  }

  @Test
  void distances() {
    assertEquals(0, PlacementPolicy.distance("h1", "/r1", nodes.get(0)));
    assertEquals(2, PlacementPolicy.distance("h9", "/r1", nodes.get(0)));
    assertEquals(4, PlacementPolicy.distance("h9", "/r2", nodes.get(0)));
  }
}
