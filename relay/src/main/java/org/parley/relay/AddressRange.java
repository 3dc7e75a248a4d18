package org.parley.relay;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A block of IP addresses in CIDR form ({@code 10.0.0.0/8}, {@code fe80::/10}, or one address
 * without a prefix length), as the next-hop policy names them. An IPv4 range never contains an IPv6
 * address; an IPv4-mapped IPv6 address is taken as its IPv4 address (the JDK does so).
 */
public final class AddressRange {
  private final byte[] network;
  private final int prefix;
  private final String text;

  private AddressRange(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * Parses {@code address[/prefix]}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static AddressRange parse(String s) {
    String t = s.strip();
    int slash = t.indexOf('/');
    String host = slash < 0 ? t : t.substring(0, slash);
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
    if (bytes == null) {
      throw new IllegalArgumentException(
          "'" + s + "' is not an address range (an IP address, optionally /prefix-length)");
    }
    try {
      bytes = InetAddress.getByAddress(bytes).getAddress(); // an IPv4-mapped address as IPv4
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + s + "': " + e.getMessage(), e);
    }
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = t.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("'" + s + "': the prefix length is not a number");
      }
      prefix = Integer.parseInt(p);
      if (prefix > bits) {
        throw new IllegalArgumentException(
            "'" + s + "': the prefix length is more than " + bits + " bits");
      }
    }
    return new AddressRange(mask(bytes, prefix), prefix, t);
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] m = address.clone();
    for (int i = 0; i < m.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      m[i] &= (byte) (0xff << (8 - keep));
    }
    return m;
  }

  public boolean contains(InetAddress a) {
    byte[] b = a.getAddress();
    return b.length == network.length && Arrays.equals(mask(b, prefix), network);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AddressRange r && r.prefix == prefix && Arrays.equals(r.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    return text;
  }
}
