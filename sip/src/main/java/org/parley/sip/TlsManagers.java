package org.parley.sip;

import gov.nist.core.net.SecurityManagerProvider;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * The key and trust managers of an agent's {@link SipTls} for JAIN-SIP's NIO TLS (wss, and TLS when
 * a WebSocket listener puts the stack on NIO): the RI makes this class by name and asks it, so the
 * managers are handed over by stack name while the stack is built, as {@link JainSip} hands its
 * {@code SSLContext} to its socket layer.
 */
public final class TlsManagers implements SecurityManagerProvider {
  private static final Map<String, SipTls> OFFERED = new ConcurrentHashMap<>();

  private KeyManager[] keys = new KeyManager[0];
  private TrustManager[] trust = new TrustManager[0];

  static void offer(String stackName, SipTls tls) {
    OFFERED.put(stackName, tls);
  }

  static void withdraw(String stackName) {
    OFFERED.remove(stackName);
  }

  /** For the RI, which makes it by name. */
  public TlsManagers() {}

  @Override
  public void init(Properties properties) throws GeneralSecurityException {
    SipTls tls = OFFERED.get(properties.getProperty("javax.sip.STACK_NAME"));
    if (tls == null) {
      throw new GeneralSecurityException("no TLS settings for this SIP stack");
    }
    keys = tls.keyManagers();
    trust = tls.trustManagers();
  }

  @Override
  public KeyManager[] getKeyManagers(boolean client) {
    return keys.clone();
  }

  @Override
  public TrustManager[] getTrustManagers(boolean client) {
    return trust.clone();
  }
}
