package org.parley.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import org.parley.msrp.transport.Fingerprint;
import org.parley.sdp.SdpParseException;
import org.parley.sdp.SipUri;
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
    SipUri listenUri = c.listen == null ? null : parse(c.listen, "--listen");
    String address = c.as != null ? c.as : c.listen != null ? c.listen : "sip:parley@127.0.0.1";
    SipUri aor = parse(address, "--as");
    if (!c.mode.equals("msrp") && !c.mode.equals("sip-message")) {
      throw new IllegalArgumentException("--mode is msrp or sip-message");
    }
    SipConfig.Builder b =
        SipConfig.builder(address)
            .transports(t, t == SipTransport.UDP ? SipTransport.TCP : SipTransport.UDP)
            .outboundProxy(c.proxy);
    if (t == SipTransport.TLS) {
      b.tls(tls(c));
    } else if (c.tlsKeystore != null || c.tlsTrust != null) {
      throw new IllegalArgumentException("--tls-keystore and --tls-trust need --transport tls");
    }
    if (listenUri != null) {
      String host = listenUri.host();
      b.host(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
          .port(Math.max(listenUri.port(), 0));
    }
    if (c.password != null) {
      b.credentials(aor.user(), c.password);
    }
    if (c.relay != null) {
      b.relay(relay(c));
    } else if (c.relayAuth != null || c.relayFingerprint != null) {
      throw new IllegalArgumentException("--relay-auth and --relay-fingerprint need --relay");
    }
    if (c.register) {
      b.registration(Registration.at("sip:" + aor.host()));
    }
    if (c.target != null) {
      parse(c.target, "target");
    }
    return b.build();
  }

  private static SipTls tls(ChatCommand c) {
    if (c.tlsKeystore == null) {
      throw new IllegalArgumentException("--transport tls needs --tls-keystore");
    }
    char[] pw = c.tlsPassword.toCharArray();
    SipTls tls;
    try (InputStream in = Files.newInputStream(c.tlsKeystore)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, pw);
      tls = SipTls.keyStore(ks, pw);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("--tls-keystore " + c.tlsKeystore + ": " + e.getMessage());
    }
    if (c.tlsTrust != null) {
      List<Fingerprint> fps = new ArrayList<>();
      for (String f : c.tlsTrust) {
        fps.add(Fingerprint.parse(f));
      }
      tls = tls.trustFingerprints(fps);
    }
    return tls;
  }

  private static MsrpRelay relay(ChatCommand c) {
    if (c.relayAuth == null || c.relayAuth.indexOf(':') < 1) {
      throw new IllegalArgumentException("--relay needs --relay-auth user:password");
    }
    int colon = c.relayAuth.indexOf(':');
    try {
      MsrpRelay r =
          MsrpRelay.of(c.relay, c.relayAuth.substring(0, colon), c.relayAuth.substring(colon + 1));
      return c.relayFingerprint == null ? r : r.withFingerprint(c.relayFingerprint);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--relay: " + e.getMessage());
    }
  }

  static SipUri parse(String uri, String what) {
    try {
      return SipUri.parse(uri);
    } catch (SdpParseException e) {
      throw new IllegalArgumentException(what + ": not a SIP URI: " + uri);
    }
  }
}
