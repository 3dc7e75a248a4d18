package org.parley.sdp;

import java.util.List;

/**
 * The {@code o=} field (RFC 8866 §5.2).
 *
 * <pre>
 * origin-field = %s"o" "=" username SP sess-id SP sess-version SP nettype SP addrtype SP unicast-address
 * </pre>
 *
 * <p>{@code sess-id} and {@code sess-version} are kept as decimal strings: RFC 8866 puts no upper
 * bound on them and peers send 64-bit and larger values.
 */
public final class Origin {
  private final String username;
  private final String sessionId;
  private final String sessionVersion;
  private final String netType;
  private final String addrType;
  private final String address;

  /**
   * An origin.
   *
   * @throws SdpParseException when a part breaks {@code origin-field}
   */
  public Origin(
      String username,
      String sessionId,
      String sessionVersion,
      String netType,
      String addrType,
      String address) {
    this.username = username;
    this.sessionId = sessionId;
    this.sessionVersion = sessionVersion;
    this.netType = netType;
    this.addrType = addrType;
    this.address = address;
    parse(toString(), 0);
  }

  private Origin(List<String> f) {
    this.username = f.get(0);
    this.sessionId = f.get(1);
    this.sessionVersion = f.get(2);
    this.netType = f.get(3);
    this.addrType = f.get(4);
    this.address = f.get(5);
  }

  static Origin parse(String value, int line) {
    List<String> f = SdpChars.fields(value);
    if (f.size() != 6) {
      throw new SdpParseException(
          line,
          SdpRule.ORIGIN_FIELD,
          "expected 6 fields separated by single spaces, found " + f.size());
    }
    String[] names = {
      "username", "sess-id", "sess-version", "nettype", "addrtype", "unicast-address"
    };
    for (int i = 0; i < 6; i++) {
      if (!SdpChars.visible(f.get(i))) {
        throw new SdpParseException(
            line, SdpRule.ORIGIN_FIELD, names[i] + " is empty or not visible text");
      }
    }
    if (!SdpChars.digits(f.get(1))) {
      throw new SdpParseException(
          line, SdpRule.ORIGIN_FIELD, "sess-id must be digits: " + f.get(1));
    }
    if (!SdpChars.digits(f.get(2))) {
      throw new SdpParseException(
          line, SdpRule.ORIGIN_FIELD, "sess-version must be digits: " + f.get(2));
    }
    if (!SdpChars.token(f.get(3)) || !SdpChars.token(f.get(4))) {
      throw new SdpParseException(
          line, SdpRule.ORIGIN_FIELD, "nettype and addrtype must be tokens");
    }
    return new Origin(f);
  }

  public String username() {
    return username;
  }

  public String sessionId() {
    return sessionId;
  }

  public String sessionVersion() {
    return sessionVersion;
  }

  public String netType() {
    return netType;
  }

  public String addrType() {
    return addrType;
  }

  public String address() {
    return address;
  }

  /** This origin with {@code sess-version} incremented by one (RFC 3264 §8). */
  public Origin nextVersion() {
    return new Origin(
        username,
        sessionId,
        new java.math.BigInteger(sessionVersion).add(java.math.BigInteger.ONE).toString(),
        netType,
        addrType,
        address);
  }

  /** The field value, without {@code "o="}. */
  @Override
  public String toString() {
    return username
        + ' '
        + sessionId
        + ' '
        + sessionVersion
        + ' '
        + netType
        + ' '
        + addrType
        + ' '
        + address;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Origin && o.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
