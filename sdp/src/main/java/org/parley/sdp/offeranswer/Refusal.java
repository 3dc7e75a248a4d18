package org.parley.sdp.offeranswer;

/** Why a message stream was refused (answered or left with port 0). */
public enum Refusal {
  /** The offer disabled the stream itself (port 0). */
  OFFER_DISABLED,
  /** The answerer refused the stream (port 0 in the answer). */
  ANSWER_REFUSED,
  /** A message-media attribute breaks its rule. */
  MALFORMED,
  /** The proto is unknown or is not the local transport. */
  UNSUPPORTED_TRANSPORT,
  /** An MSRP stream without {@code a=path}. */
  MISSING_PATH,
  /**
   * The path's scheme does not match the proto ({@code msrps} needs TLS and the other way round).
   */
  PATH_MISMATCH,
  /** An MSRP stream without {@code a=accept-types}. */
  MISSING_ACCEPT_TYPES,
  /** No type is accepted by both ends. */
  NO_COMMON_TYPE,
  /**
   * The setup roles cannot meet: both would connect, both would listen, or {@code actpass} in an
   * answer.
   */
  SETUP_CONFLICT,
  /** {@code a=setup:holdconn}, which RFC 6135 does not allow for MSRP. */
  HOLDCONN,
  /** The 2001 form ({@code m=message ... sip}) was offered but no local SIP URI is configured. */
  LEGACY_NOT_SUPPORTED,
  /** The 2001 form's SIP URI names neither a user nor a Call-ID, so it cannot identify a stream. */
  URI_NOT_SPECIFIC
}
