package org.parley.msrp;

/**
 * The {@code host} of a URI (RFC 3986 §3.2.2) as sockets and SDP want it:
 *
 * <pre>
 * host       = IP-literal / IPv4address / reg-name
 * IP-literal = "[" ( IPv6address / IPvFuture ) "]"
 * </pre>
 *
 * A URI writes an IPv6 address in brackets; an {@code InetSocketAddress}, a {@code c=} or {@code
 * o=} line of SDP, or a certificate's subjectAltName takes the address alone.
 */
public final class Hosts {
  private Hosts() {}

  /**
   * {@code host} without the brackets of an IP-literal ({@code [::1]} gives {@code ::1}); any other
   * host (a name, an IPv4 address, an address already bare) as it is.
   */
  public static String unbracketed(String host) {
    if (host.length() >= 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
      return host.substring(1, host.length() - 1);
    }
    return host;
  }
}
