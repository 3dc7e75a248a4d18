package org.parley.cli;

import java.io.PrintWriter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.parley.sdp.SdpParseException;
import org.parley.sdp.SipUri;
import org.parley.sip.SipConfig;
import org.parley.sip.SipTransport;

/** What {@code send-file} and {@code receive-files} share: the agent's config and the output. */
final class FileCommands {
  private FileCommands() {}

  /**
   * UDP and TCP on the {@code --listen} URI's host and port (a free port when none), with {@code
   * as} (else the listen URI, else {@code sip:parley@127.0.0.1}) as the address of record.
   *
   * @throws IllegalArgumentException for a URI that is not a SIP URI
   */
  static SipConfig config(String as, String listen) {
    SipUri listenUri = listen == null ? null : parse(listen, "--listen");
    String address = as != null ? as : listen != null ? listen : "sip:parley@127.0.0.1";
    parse(address, "--as");
    SipConfig.Builder b = SipConfig.builder(address).transports(SipTransport.UDP, SipTransport.TCP);
    if (listenUri != null) {
      String host = listenUri.host();
      b.host(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
          .port(Math.max(listenUri.port(), 0));
    }
    return b.build();
  }

  static SipUri parse(String uri, String what) {
    try {
      return SipUri.parse(uri);
    } catch (SdpParseException e) {
      throw new IllegalArgumentException(what + ": not a SIP URI: " + uri);
    }
  }

  static Throwable cause(Throwable e) {
    while ((e instanceof ExecutionException || e instanceof CompletionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** One line: the JSON event with {@code json}, else the plain text. */
  static void print(PrintWriter out, boolean json, Json event, String plain) {
    synchronized (out) {
      out.println(json ? event.toString() : plain);
      out.flush();
    }
  }
}
