package io.quern.master;

import java.util.Set;
import java.util.function.Function;

/**
 * What task selection needs to know about the live workers: which hosts and racks have
 * one (so that a split whose hosts hold no worker is not kept waiting for locality), and
 * how to find a host's rack. Its sets are views of the {@link WorkerPool}'s, which follow it:
 * confined to the master's loop thread.
 */
record LiveWorkers(Set<String> hosts, Set<String> racks, int count, Function<String, String> rackOf) {}
