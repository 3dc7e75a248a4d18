package org.parley.sip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Local ports for a SIP stack: which are taken, and which are free (JAIN-SIP cannot bind 0). */
final class SipPorts {
  /** How many free ports to try before giving up. */
  static final int TRIES = 20;

  private SipPorts() {}

  /**
   * Which of the configured transports find their port taken, in words (": the TCP port is in use
   * by another program"), or "" when neither is: JAIN-SIP's own errors do not say.
   */
  static String busy(SipConfig config) {
    if (config.port() == 0) {
      return "";
    }
    List<String> taken = new ArrayList<>();
    try {
      InetAddress at = InetAddress.getByName(config.host());
      if (config.transports().contains(SipTransport.UDP)) {
        try {
          new DatagramSocket(config.port(), at).close();
        } catch (IOException e) {
          taken.add("UDP");
        }
      }
      if (config.transports().contains(SipTransport.TCP)) {
        try {
          new ServerSocket(config.port(), 1, at).close();
        } catch (IOException e) {
          taken.add("TCP");
        }
      }
    } catch (IOException e) {
      return "";
    }
    return taken.isEmpty()
        ? ""
        : ": the " + String.join(" and ", taken) + " port is in use by another program";
  }

  /** A port free for both TCP and UDP at the moment (JAIN-SIP cannot bind port 0 itself). */
  static int freePort(String host) throws IOException {
    InetAddress address = InetAddress.getByName(host);
    for (int i = 0; i < TRIES; i++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, address)) {
        port = s.getLocalPort();
      }
      try {
        new DatagramSocket(port, address).close();
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no port free for both TCP and UDP on " + host);
  }

  static int freeTcpPort(String host) throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return s.getLocalPort();
    }
  }
}
