package org.parley.msrp.session;

import java.time.Duration;
import java.util.List;
import org.parley.msrp.MsrpUri;

/**
 * What a relay granted to an AUTH (RFC 4976 §5): the Use-Path to put in front of the session's own
 * URI in SDP {@code a=path} and in front of the peer's path in To-Path, and how long it holds.
 * Sessions that use it must go over the connection that authenticated, which the stack shares as
 * long as they connect with the same TLS settings.
 */
public final class RelayBinding {
  private final List<MsrpUri> usePath;
  private final Duration expires;

  RelayBinding(List<MsrpUri> usePath, Duration expires) {
    this.usePath = List.copyOf(usePath);
    this.expires = expires;
  }

  /** The relays, first hop first. */
  public List<MsrpUri> usePath() {
    return usePath;
  }

  /** How long the relay keeps the binding; AUTH again before it runs out. */
  public Duration expires() {
    return expires;
  }

  /** The path for SDP {@code a=path}: the relays, then {@code localUri}. */
  public List<MsrpUri> pathTo(MsrpUri localUri) {
    List<MsrpUri> path = new java.util.ArrayList<>(usePath);
    path.add(localUri);
    return List.copyOf(path);
  }

  @Override
  public String toString() {
    return "RelayBinding" + usePath + " for " + expires.toSeconds() + " s";
  }
}
