package org.parley.sdp;

import java.util.List;
import org.parley.msrp.Hosts;

/**
 * The {@code c=} field (RFC 8866 §5.7).
 *
 * <pre>
 * connection-field = %s"c" "=" nettype SP addrtype SP connection-address
 * </pre>
 *
 * <p>The address is kept as written, with any {@code /ttl} or {@code /count} suffix.
 */
public final class ConnectionField {
  private final String netType;
  private final String addrType;
  private final String address;

  private ConnectionField(String netType, String addrType, String address) {
    this.netType = netType;
    this.addrType = addrType;
    this.address = address;
  }

  /**
   * {@code IN IP4 host} or, for an IPv6 address or reference, {@code IN IP6 host} (unbracketed).
   */
  public static ConnectionField internet(String host) {
    String h = Hosts.unbracketed(host);
    return parse("IN " + (h.indexOf(':') >= 0 ? "IP6 " : "IP4 ") + h, 0);
  }

  static ConnectionField parse(String value, int line) {
    List<String> f = SdpChars.fields(value);
    if (f.size() != 3) {
      throw new SdpParseException(
          line,
          SdpRule.CONNECTION_FIELD,
          "expected nettype SP addrtype SP connection-address, found " + f.size() + " fields");
    }
    if (!SdpChars.token(f.get(0)) || !SdpChars.token(f.get(1))) {
      throw new SdpParseException(
          line, SdpRule.CONNECTION_FIELD, "nettype and addrtype must be tokens");
    }
    if (!SdpChars.visible(f.get(2))) {
      throw new SdpParseException(line, SdpRule.CONNECTION_FIELD, "connection-address is empty");
    }
    return new ConnectionField(f.get(0), f.get(1), f.get(2));
  }

  public String netType() {
    return netType;
  }

  public String addrType() {
    return addrType;
  }

  /** The connection-address as written (a multicast address keeps its {@code /ttl}). */
  public String address() {
    return address;
  }

  /** The field value, without {@code "c="}. */
  @Override
  public String toString() {
    return netType + ' ' + addrType + ' ' + address;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionField && o.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
