package io.quern.protocol.mapred;

import java.io.Serializable;

/**
 * A map output became available or obsolete (its worker died, or reducers could not fetch
 * it and the map is re-run). Reducers read these events in order by index; the endpoint is the worker's host:port
 * (a plain string: the RMI deserialization filter admits the protocol's own types, not HostPort).
 */
public record MapOutputEvent(int index, int mapIndex, String attemptId, String endpoint,
    boolean obsolete) implements Serializable {}
