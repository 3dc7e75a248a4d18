package org.parley.cli;

import org.parley.msrp.Hosts;
import org.parley.sdp.SdpParseException;
import org.parley.sdp.SipUri;
import org.parley.sip.SipConfig;

/**
 * Who an agent a command starts is and where it listens, from {@code --as} and {@code --listen}:
 * the address of record is {@code --as}, else the {@code --listen} URI (which peers can answer to
 * without a proxy), else {@code sip:parley@127.0.0.1}; the agent listens on the {@code --listen}
 * URI's host and port, or a free port.
 *
 * @param address the address of record as given
 * @param aor the address of record, parsed
 * @param listen the {@code --listen} URI, or null
 */
record AgentAddress(String address, SipUri aor, SipUri listen) {
  static final String DEFAULT_ADDRESS = "sip:parley@127.0.0.1";

  /**
   * Parses {@code --listen}, then the address of record.
   *
   * @throws IllegalArgumentException naming the option that is not a SIP URI
   */
  static AgentAddress of(String as, String listen) {
    SipUri listenUri = listen == null ? null : parse(listen, "--listen");
    String address = as != null ? as : listen != null ? listen : DEFAULT_ADDRESS;
    return new AgentAddress(address, parse(address, "--as"), listenUri);
  }

  /** A configuration for this address of record, on the {@code --listen} host and port if any. */
  SipConfig.Builder builder() {
    SipConfig.Builder b = SipConfig.builder(address);
    if (listen != null) {
      b.host(Hosts.unbracketed(listen.host())).port(Math.max(listen.port(), 0));
    }
    return b;
  }

  /**
   * The SIP URI {@code uri}.
   *
   * @throws IllegalArgumentException {@code what: not a SIP URI: uri}
   */
  static SipUri parse(String uri, String what) {
    try {
      return SipUri.parse(uri);
    } catch (SdpParseException e) {
      throw new IllegalArgumentException(what + ": not a SIP URI: " + uri);
    }
  }
}
