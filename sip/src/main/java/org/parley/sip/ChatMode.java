package org.parley.sip;

/** How a session's messages travel. */
public enum ChatMode {
  /** MSRP (RFC 4975) over a TCP connection negotiated by SDP. */
  MSRP,
  /**
   * The 2001 form {@code m=message <port> sip <SIP-URI>}: each message is a SIP MESSAGE request to
   * the peer's URI, all with one Call-ID. See the package documentation for its weaknesses.
   */
  SIP_MESSAGE
}
