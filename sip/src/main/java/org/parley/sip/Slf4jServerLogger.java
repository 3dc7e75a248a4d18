package org.parley.sip;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's message log, sent to SLF4J at TRACE (logger {@code org.parley.sip.wire}): one line per
 * message, its first line and where it went. Headers and bodies are never logged, so neither
 * credentials nor message contents reach the logs. Public only because JAIN-SIP instantiates it by
 * name; not part of Parley's API.
 */
public final class Slf4jServerLogger implements ServerLogger {
  private static final Logger LOG = LoggerFactory.getLogger("org.parley.sip.wire");

  /** Called by JAIN-SIP. */
  public Slf4jServerLogger() {}

  @Override
  public void closeLogFile() {}

  @Override
  public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
    if (LOG.isTraceEnabled()) {
      LOG.trace(
          "{} {} -> {}: {} (Call-ID {})",
          sender ? "sent" : "received",
          from,
          to,
          message.getFirstLine().trim(),
          message.getCallId() == null ? "-" : message.getCallId().getCallId());
    }
  }

  @Override
  public void logMessage(
      SIPMessage message, String from, String to, String status, boolean sender, long time) {
    logMessage(message, from, to, sender, time);
  }

  @Override
  public void logMessage(
      SIPMessage message, String from, String to, String status, boolean sender) {
    logMessage(message, from, to, sender, 0);
  }

  @Override
  public void logException(Exception ex) {
    LOG.debug("JAIN-SIP: {}", ex.toString(), ex);
  }

  @Override
  public void setStackProperties(Properties stackProperties) {}

  @Override
  public void setSipStack(SipStack sipStack) {}
}
