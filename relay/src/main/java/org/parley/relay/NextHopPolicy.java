package org.parley.relay;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where the relay may connect on behalf of an authenticated client (file keys after {@code
 * next-hop.}). A client names its next hop in To-Path; without a policy it could make the relay
 * open connections to any service the relay can reach. The address is checked after name
 * resolution, so a name that resolves to a refused address is refused too.
 *
 * <p>In order: an address in a {@code deny} range is refused; one in an {@code allow} range is let
 * through; any other is refused when it is loopback (unless every listener of the relay is on a
 * loopback address: a relay only this host can reach serves this host's clients), link-local, not
 * unicast (unspecified, multicast, broadcast), or a local address of the relay's host with one of
 * the relay's own ports (its listeners and metrics). Then the port must be in {@code ports}. A hop
 * to another relay (more URIs after it in To-Path) must be {@code msrps} when {@code relaysOverTls}
 * (RFC 4976 §5: relays talk to each other over TLS).
 *
 * <p>Every refusal is answered as any unreachable next hop is ({@code 408 Next Hop Unreachable}),
 * so the answer does not tell a policy refusal from a closed port; the reason goes to the log.
 *
 * @param allow ranges let through whatever the default refusals say ({@code next-hop.allow},
 *     repeatable)
 * @param deny ranges always refused ({@code next-hop.deny}, repeatable)
 * @param ports the ports next hops may have ({@code next-hop.ports}, e.g. {@code 1024-65535} or
 *     {@code 2855, 8000-8999}); default 1024 to 65535, which keeps the well-known services out
 * @param relaysOverTls a hop to another relay must be msrps ({@code next-hop.relays-over-tls});
 *     default true
 */
public record NextHopPolicy(
    List<AddressRange> allow,
    List<AddressRange> deny,
    List<PortRange> ports,
    boolean relaysOverTls) {

  /** Ports 1024 to 65535, no ranges allowed or denied beyond the defaults, relays over TLS. */
  public static final NextHopPolicy DEFAULT =
      new NextHopPolicy(List.of(), List.of(), List.of(new PortRange(1024, 65535)), true);

  public NextHopPolicy {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
    ports = List.copyOf(ports);
    if (ports.isEmpty()) {
      throw new IllegalArgumentException("next-hop.ports: at least one port is required");
    }
  }

  /** Ports from {@code low} to {@code high}, both included. */
  public record PortRange(int low, int high) {
    public PortRange {
      if (low < 1 || high > 65535 || low > high) {
        throw new IllegalArgumentException(
            "port range " + low + "-" + high + ": ports are 1 to 65535, low first");
      }
    }

    /**
     * Parses {@code N} or {@code N-M}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static PortRange parse(String s) {
      String t = s.strip();
      int dash = t.indexOf('-');
      try {
        return dash < 0
            ? new PortRange(port(t), port(t))
            : new PortRange(port(t.substring(0, dash)), port(t.substring(dash + 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + s + "' is not a port or a range N-M", e);
      }
    }

    private static int port(String s) {
      String t = s.strip();
      if (t.isEmpty() || t.length() > 5 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new NumberFormatException(t);
      }
      return Integer.parseInt(t);
    }

    boolean contains(int port) {
      return port >= low && port <= high;
    }

    @Override
    public String toString() {
      return low == high ? Integer.toString(low) : low + "-" + high;
    }
  }

  /**
   * What the policy needs to know of the relay itself.
   *
   * @param ports the ports its listeners and metrics listener are bound to
   * @param addresses the addresses of the host's interfaces
   * @param loopbackOnly every listener is on a loopback address
   */
  record Own(Set<Integer> ports, Set<InetAddress> addresses, boolean loopbackOnly) {
    Own {
      ports = Set.copyOf(ports);
      addresses = Set.copyOf(addresses);
    }
  }

  /** Why a hop to another relay over {@code scheme} is refused, or null. */
  String schemeRefusal(boolean secure, boolean relayHop) {
    return relayHop && !secure && relaysOverTls
        ? "a hop to another relay over plain msrp (next-hop.relays-over-tls)"
        : null;
  }

  /** Why connecting to {@code address}:{@code port} is refused, or null when it is not. */
  String refusal(InetAddress address, int port, Own own) {
    for (AddressRange r : deny) {
      if (r.contains(address)) {
        return "in next-hop.deny " + r;
      }
    }
    if (!allowed(address)) {
      if (address.isLoopbackAddress() && !own.loopbackOnly()) {
        return "a loopback address (next-hop.allow lets it through)";
      }
      if (address.isLinkLocalAddress()) {
        return "a link-local address (next-hop.allow lets it through)";
      }
      if (address.isAnyLocalAddress() || address.isMulticastAddress() || isBroadcast(address)) {
        return "not a unicast address";
      }
      if (own.ports().contains(port)
          && (address.isLoopbackAddress() || own.addresses().contains(address))) {
        return "the relay's own port " + port + " (next-hop.allow lets it through)";
      }
    }
    for (PortRange r : ports) {
      if (r.contains(port)) {
        return null;
      }
    }
    return "port " + port + " is outside next-hop.ports " + ports;
  }

  private boolean allowed(InetAddress a) {
    for (AddressRange r : allow) {
      if (r.contains(a)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isBroadcast(InetAddress a) {
    byte[] b = a.getAddress();
    return b.length == 4 && (b[0] & b[1] & b[2] & b[3]) == (byte) 0xff;
  }

  /** This policy with {@code r} added to the allowed ranges. */
  public NextHopPolicy withAllow(AddressRange r) {
    return new NextHopPolicy(plus(allow, r), deny, ports, relaysOverTls);
  }

  /** This policy with {@code r} added to the denied ranges. */
  public NextHopPolicy withDeny(AddressRange r) {
    return new NextHopPolicy(allow, plus(deny, r), ports, relaysOverTls);
  }

  public NextHopPolicy withPorts(List<PortRange> ports) {
    return new NextHopPolicy(allow, deny, ports, relaysOverTls);
  }

  public NextHopPolicy withRelaysOverTls(boolean relaysOverTls) {
    return new NextHopPolicy(allow, deny, ports, relaysOverTls);
  }

  private static List<AddressRange> plus(List<AddressRange> l, AddressRange r) {
    List<AddressRange> n = new ArrayList<>(l);
    n.add(r);
    return n;
  }
}
