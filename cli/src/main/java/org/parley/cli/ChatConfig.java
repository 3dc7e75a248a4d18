package org.parley.cli;

import java.util.ArrayList;
import java.util.List;
import org.parley.msrp.Fingerprint;
import org.parley.sip.MsrpRelay;
import org.parley.sip.Registration;
import org.parley.sip.SipConfig;
import org.parley.sip.SipTls;
import org.parley.sip.SipTransport;

/** The {@link SipConfig} of a {@code parley chat}, from its options; bad input throws. */
final class ChatConfig {
  private ChatConfig() {}

  /**
   * The agent's configuration.
   *
   * @throws IllegalArgumentException naming the option at fault
   */
  static SipConfig of(ChatCommand c) {
    SipTransport t = SipTransport.of(c.transport);
    AgentAddress address = AgentAddress.of(c.as, c.listen);
    if (!c.mode.equals("msrp") && !c.mode.equals("sip-message")) {
      throw new IllegalArgumentException("--mode is msrp or sip-message");
    }
    SipConfig.Builder b =
        address
            .builder()
            .transports(t, t == SipTransport.UDP ? SipTransport.TCP : SipTransport.UDP)
            .outboundProxy(c.proxy)
            .diskBudget(c.disk.maxDisk)
            .msrpWindow(c.window.checked());
    boolean wss = c.browsers.secure();
    if (t == SipTransport.TLS || wss) {
      b.tls(tls(c));
    } else if (c.tlsTrust != null) {
      throw new IllegalArgumentException("--tls-trust needs --transport tls");
    } else if (c.browsers.keystore != null) {
      throw new IllegalArgumentException("--tls-keystore needs --transport tls or --websocket");
    }
    if (c.browsers.port != null) {
      b.webSocket(c.browsers.webSocket());
    }
    // Without a proxy or registrar, the password is a secret the two ends share: callers must
    // prove it, and this end answers the challenges of the one it calls (realm: the host it dials,
    // which is what a Parley listener challenges with).
    boolean direct = c.proxy == null && !c.register;
    c.access.apply(b, direct ? c.password : null);
    if (c.password != null) {
      if (direct && c.target != null) {
        String host = AgentAddress.parse(c.target, "target").host();
        b.credentials(address.aor().user(), c.password, host);
      } else {
        b.credentials(address.aor().user(), c.password);
      }
    }
    MsrpRelay relay = c.relay.relay();
    if (relay != null) {
      b.relay(relay);
    }
    if (wss && !c.pager && (relay == null || !relay.uri().secure())) {
      // A browser on wss offers TCP/TLS/MSRP, which this end takes only through such a relay.
      throw new IllegalArgumentException(
          "--websocket with --tls-keystore needs an msrps --relay: browsers on wss chat over TLS,"
              + " which this end takes only through such a relay (--pager takes their MESSAGEs"
              + " without one)");
    }
    if (c.register) {
      b.registration(Registration.at("sip:" + address.aor().host()));
    }
    if (c.target != null) {
      AgentAddress.parse(c.target, "target");
    }
    return b.build();
  }

  private static SipTls tls(ChatCommand c) {
    if (c.browsers.keystore == null) {
      throw new IllegalArgumentException("--transport tls needs --tls-keystore");
    }
    SipTls tls = c.browsers.keyMaterial();
    if (c.tlsTrust != null) {
      List<Fingerprint> fps = new ArrayList<>();
      for (String f : c.tlsTrust) {
        fps.add(Fingerprint.parse(f));
      }
      tls = tls.trustFingerprints(fps);
    }
    return tls;
  }
}
