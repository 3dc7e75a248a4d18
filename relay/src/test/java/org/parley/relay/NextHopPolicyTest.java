package org.parley.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.parley.msrp.ContinuationFlag;
import org.parley.msrp.MsrpMethod;
import org.parley.msrp.MsrpRequest;
import org.parley.msrp.MsrpStatus;
import org.parley.msrp.MsrpUri;

/**
 * The next-hop policy over real sockets (issue 14, defect 4): an authenticated client cannot make
 * the relay connect where the policy refuses, whether it names the address or a host name that
 * resolves to it, and every refusal reads as an unreachable next hop. A listening socket shows
 * whether the relay connected: by the time the failure REPORT arrives, a connection the relay made
 * would be waiting in its accept queue.
 */
class NextHopPolicyTest extends FixtureTest {

  /** A socket next hops may be pointed at; it never accepts, only shows what reached it. */
  private static final class Target implements AutoCloseable {
    final ServerSocketChannel channel;

    Target() throws Exception {
      channel = ServerSocketChannel.open();
      channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      channel.configureBlocking(false);
    }

    int port() throws Exception {
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    boolean reached() throws Exception {
      var c = channel.accept();
      if (c != null) {
        c.close();
        return true;
      }
      return false;
    }

    /** Waits (within the tests' bound) for the relay to connect. */
    void awaitConnection() throws Exception {
      channel.configureBlocking(true);
      channel.socket().setSoTimeout((int) TestClient.WAIT_SECONDS * 1000);
      channel.socket().accept().close();
    }

    @Override
    public void close() throws java.io.IOException {
      channel.close();
    }
  }

  /** Alice, bound on {@code r}, sends to {@code hops} after her Use-Path; the REPORT's status. */
  private MsrpStatus sendTo(Relay r, MsrpUri... hops) {
    TestClient alice = fx.client(r);
    List<MsrpUri> a = alice.usePath(r.uri(), "alice", Fixture.ALICE_PW);
    MsrpRequest s = RelayRoutingTest.send(RelayRoutingTest.path(a, hops), alice.self, "where?");
    alice.send(s, "where?".getBytes(UTF_8), ContinuationFlag.END);
    assertThat(alice.responseTo(s).code()).isEqualTo(200); // received by this hop
    MsrpRequest report = alice.nextRequest(MsrpMethod.REPORT).request();
    assertThat(report.messageId()).isEqualTo(s.messageId());
    return report.headers().status();
  }

  private Relay relay(UnaryOperator<NextHopPolicy> policy) throws Exception {
    return fx.relay(b -> b.nextHopPolicy(policy.apply(b.nextHopPolicy())));
  }

  private static MsrpUri at(String host, int port) {
    return MsrpUri.parse("msrp://" + host + ":" + port + "/s1;tcp");
  }

  private static void assertUnreachable(MsrpStatus st) {
    assertThat(st.code()).isEqualTo(408);
    assertThat(st.reason()).isEqualTo("Next Hop Unreachable");
  }

  @Test
  void aDeniedRangeIsNotConnectedToByAddressOrByName() throws Exception {
    Relay r = relay(p -> p.withDeny(AddressRange.parse("127.0.0.0/8")));
    try (Target t = new Target()) {
      assertUnreachable(sendTo(r, at("127.0.0.1", t.port())));
      assertUnreachable(sendTo(r, at("localhost", t.port())));
      assertThat(t.reached()).isFalse();
    }
    assertThat(r.nextHops().known()).isZero();
  }

  @Test
  void aRefusalReadsAsAClosedPortDoes() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    MsrpStatus unreachable = sendTo(fx.relay(), at("127.0.0.1", closed));
    Relay denying = relay(p -> p.withDeny(AddressRange.parse("127.0.0.1")));
    try (Target t = new Target()) {
      MsrpStatus refused = sendTo(denying, at("127.0.0.1", t.port()));
      assertThat(refused).isEqualTo(unreachable);
      assertThat(t.reached()).isFalse();
    }
    assertUnreachable(unreachable);
  }

  @Test
  void aPortOutsideThePortsIsRefusedAndOneInsideIsReached() throws Exception {
    try (Target t = new Target()) {
      int port = t.port();
      Relay narrow =
          relay(
              p ->
                  p.withPorts(
                      List.of(NextHopPolicy.PortRange.parse(port == 2000 ? "2001" : "2000"))));
      assertUnreachable(sendTo(narrow, at("127.0.0.1", port)));
      assertThat(t.reached()).isFalse();
      Relay open =
          relay(p -> p.withPorts(List.of(NextHopPolicy.PortRange.parse(port + "-" + port))));
      TestClient alice = fx.client(open);
      List<MsrpUri> a = alice.usePath(open.uri(), "alice", Fixture.ALICE_PW);
      MsrpRequest s =
          RelayRoutingTest.send(
              RelayRoutingTest.path(a, at("127.0.0.1", port)), alice.self, "let through");
      alice.send(s, "let through".getBytes(UTF_8), ContinuationFlag.END);
      t.awaitConnection();
    }
  }

  @Test
  void theRelaysOwnPortsAreRefusedUnderAnotherName() throws Exception {
    Relay r = fx.relay(b -> b.metrics(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
    // "localhost" is not the name the relay answers to, so the URI is not its own: only the
    // policy keeps it from connecting to itself, or to its metrics listener.
    assertUnreachable(sendTo(r, at("localhost", r.uri().port())));
    assertUnreachable(sendTo(r, at("127.0.0.1", r.metricsAddress().getPort())));
    assertThat(r.metrics().chunks(RelayMetrics.Direction.FROM_CLIENT)).isZero();
  }

  @Test
  void aHopToAnotherRelayMustBeMsrpsByDefault() throws Exception {
    Relay r = fx.relay(b -> b.nextHopPolicy(NextHopPolicy.DEFAULT));
    try (Target t = new Target()) {
      // More URIs after the next hop: it is a relay, and plain msrp is refused.
      assertUnreachable(sendTo(r, at("127.0.0.1", t.port()), at("127.0.0.1", 4000)));
      assertThat(t.reached()).isFalse();
    }
  }

  @Test
  void theDefaultsRefuseLoopbackLinkLocalAndNonUnicastUnlessAllowed() throws Exception {
    NextHopPolicy d = NextHopPolicy.DEFAULT;
    NextHopPolicy.Own reachable =
        new NextHopPolicy.Own(java.util.Set.of(2855), java.util.Set.of(ip("192.0.2.7")), false);
    NextHopPolicy.Own loopbackOnly =
        new NextHopPolicy.Own(java.util.Set.of(2855), java.util.Set.of(), true);
    assertThat(d.refusal(ip("127.0.0.1"), 5000, reachable)).contains("loopback");
    assertThat(d.refusal(ip("::1"), 5000, reachable)).contains("loopback");
    assertThat(d.refusal(ip("::ffff:127.0.0.1"), 5000, reachable)).contains("loopback");
    assertThat(d.refusal(ip("127.0.0.1"), 5000, loopbackOnly)).isNull();
    assertThat(d.refusal(ip("127.0.0.1"), 2855, loopbackOnly)).contains("own port");
    assertThat(d.refusal(ip("192.0.2.7"), 2855, reachable)).contains("own port");
    assertThat(d.refusal(ip("192.0.2.8"), 2855, reachable)).isNull();
    assertThat(d.refusal(ip("169.254.169.254"), 5000, reachable)).contains("link-local");
    assertThat(d.refusal(ip("fe80::1"), 5000, reachable)).contains("link-local");
    assertThat(d.refusal(ip("0.0.0.0"), 5000, reachable)).contains("unicast");
    assertThat(d.refusal(ip("224.0.0.1"), 5000, reachable)).contains("unicast");
    assertThat(d.refusal(ip("255.255.255.255"), 5000, reachable)).contains("unicast");
    assertThat(d.refusal(ip("198.51.100.1"), 25, reachable)).contains("next-hop.ports");
    assertThat(d.refusal(ip("198.51.100.1"), 1024, reachable)).isNull();

    NextHopPolicy lab = d.withAllow(AddressRange.parse("127.0.0.0/8"));
    assertThat(lab.refusal(ip("127.0.0.2"), 5000, reachable)).isNull();
    assertThat(lab.refusal(ip("127.0.0.2"), 80, reachable)).contains("next-hop.ports");
    NextHopPolicy both = lab.withDeny(AddressRange.parse("127.0.0.2/32"));
    assertThat(both.refusal(ip("127.0.0.2"), 5000, reachable)).contains("next-hop.deny");
    assertThat(both.refusal(ip("127.0.0.3"), 5000, reachable)).isNull();
    assertThat(
            d.withDeny(AddressRange.parse("10.0.0.0/8")).refusal(ip("10.9.8.7"), 5000, reachable))
        .contains("next-hop.deny 10.0.0.0/8");

    assertThat(d.schemeRefusal(false, true)).contains("relays-over-tls");
    assertThat(d.schemeRefusal(true, true)).isNull();
    assertThat(d.schemeRefusal(false, false)).isNull();
    assertThat(d.withRelaysOverTls(false).schemeRefusal(false, true)).isNull();
  }

  @Test
  void rangesAndPortsAreParsedStrictly() {
    assertThat(AddressRange.parse("10.1.2.3/8").contains(ip("10.200.0.1"))).isTrue();
    assertThat(AddressRange.parse("10.1.2.3/8").contains(ip("11.0.0.1"))).isFalse();
    assertThat(AddressRange.parse("fe80::/10").contains(ip("febf::1"))).isTrue();
    assertThat(AddressRange.parse("fe80::/10").contains(ip("fec0::1"))).isFalse();
    assertThat(AddressRange.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
    assertThat(AddressRange.parse("192.0.2.1").contains(ip("192.0.2.1"))).isTrue();
    assertThat(AddressRange.parse("192.0.2.1").contains(ip("192.0.2.2"))).isFalse();
    for (String bad :
        List.of(
            "", "example.com", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "::/129", "1.2.3.4/8x")) {
      org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
          .isThrownBy(() -> AddressRange.parse(bad))
          .withMessageContaining("'" + bad + "'");
    }
    assertThat(NextHopPolicy.PortRange.parse(" 2855 "))
        .isEqualTo(new NextHopPolicy.PortRange(2855, 2855));
    assertThat(NextHopPolicy.PortRange.parse("1024-65535"))
        .isEqualTo(new NextHopPolicy.PortRange(1024, 65535));
    for (String bad : List.of("", "0", "65536", "2000-1000", "a-b", "1-2-3", "99999999999")) {
      org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
          .isThrownBy(() -> NextHopPolicy.PortRange.parse(bad));
    }
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByAddress(
          io.netty.util.NetUtil.createByteArrayFromIpAddressString(literal));
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
