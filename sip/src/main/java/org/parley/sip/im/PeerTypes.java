package org.parley.sip.im;

import java.util.ArrayList;
import java.util.List;
import org.parley.sdp.AcceptType;
import org.parley.sip.ChatSession;

/**
 * What the peer may be sent, from the types negotiated for the session (RFC 4975 §8.6): a type is
 * sent as is when an accept-type matches it, and inside {@code message/cpim} when CPIM itself is
 * accepted and an accept-wrapped-type matches it; the types of accept-types may be wrapped too.
 */
final class PeerTypes {
  static final String CPIM = "message/cpim";

  private final List<AcceptType> types;
  private final List<AcceptType> wrapped;

  private PeerTypes(List<AcceptType> types, List<AcceptType> wrapped) {
    this.types = types;
    this.wrapped = wrapped;
  }

  static PeerTypes of(ChatSession session) {
    return new PeerTypes(parse(session.acceptTypes()), parse(session.acceptWrappedTypes()));
  }

  private static List<AcceptType> parse(List<String> values) {
    List<AcceptType> out = new ArrayList<>();
    for (String v : values) {
      out.add(AcceptType.parse(v));
    }
    return out;
  }

  /** Whether a body of {@code contentType} may be sent as is. */
  boolean direct(String contentType) {
    return matches(types, contentType);
  }

  /** Whether CPIM may be sent, wrapping {@code contentType}. */
  boolean wrapped(String contentType) {
    return direct(CPIM) && (matches(wrapped, contentType) || matches(types, contentType));
  }

  private static boolean matches(List<AcceptType> list, String contentType) {
    for (AcceptType t : list) {
      if (t.matches(contentType)) {
        return true;
      }
    }
    return false;
  }
}
