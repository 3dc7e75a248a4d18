package org.parley.sip;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's stack log, sent to SLF4J (logger {@code org.parley.sip.jain}) so that the stack needs
 * no log4j. Public only because JAIN-SIP instantiates it by name; not part of Parley's API.
 */
public final class Slf4jStackLogger implements StackLogger {
  private static final Logger LOG = LoggerFactory.getLogger("org.parley.sip.jain");

  /** Called by JAIN-SIP. */
  public Slf4jStackLogger() {}

  @Override
  public void logStackTrace() {
    if (LOG.isTraceEnabled()) {
      LOG.trace("stack trace", new Throwable("here"));
    }
  }

  @Override
  public void logStackTrace(int traceLevel) {
    logStackTrace();
  }

  @Override
  public int getLineCount() {
    return 0;
  }

  @Override
  public void logException(Throwable ex) {
    LOG.debug("JAIN-SIP: {}", ex.toString(), ex);
  }

  @Override
  public void logDebug(String message) {
    LOG.debug(message);
  }

  @Override
  public void logDebug(String message, Exception ex) {
    LOG.debug(message, ex);
  }

  @Override
  public void logTrace(String message) {
    LOG.trace(message);
  }

  @Override
  public void logFatalError(String message) {
    LOG.error(firstLine(message));
  }

  @Override
  public void logError(String message) {
    LOG.warn(firstLine(message));
  }

  /** The most of a text logged above TRACE. */
  private static final int MAX_LOGGED = 160;

  /**
   * The first line, at most 160 characters: JAIN-SIP puts whole SIP messages (bodies,
   * Authorization) and raw packets in some error texts, and those must not reach the logs above
   * TRACE.
   */
  static String firstLine(String message) {
    if (message == null || LOG.isTraceEnabled()) {
      return message;
    }
    int nl = message.indexOf('\n');
    int end = Math.min(nl < 0 ? message.length() : nl, MAX_LOGGED);
    return end == message.length() ? message : message.substring(0, end).trim() + " […]";
  }

  @Override
  public boolean isLoggingEnabled() {
    return LOG.isInfoEnabled();
  }

  @Override
  public boolean isLoggingEnabled(int level) {
    if (level >= TRACE_TRACE) {
      return LOG.isTraceEnabled();
    }
    if (level >= TRACE_DEBUG) {
      return LOG.isDebugEnabled();
    }
    if (level >= TRACE_WARN) {
      return LOG.isDebugEnabled();
    }
    return level > TRACE_NONE && LOG.isErrorEnabled();
  }

  @Override
  public void logError(String message, Exception ex) {
    // Mostly input a peer got wrong: one line, the stack trace only at DEBUG.
    if (LOG.isDebugEnabled()) {
      LOG.debug(firstLine(message), ex);
    } else {
      LOG.warn("{} ({})", firstLine(message), ex.toString());
    }
  }

  /** At DEBUG: JAIN-SIP warns about settings Parley does not use (its TLS key stores). */
  @Override
  public void logWarning(String message) {
    LOG.debug(firstLine(message));
  }

  /** At DEBUG: JAIN-SIP's INFO is start-up detail. */
  @Override
  public void logInfo(String message) {
    LOG.debug(firstLine(message));
  }

  @Override
  public void disableLogging() {}

  @Override
  public void enableLogging() {}

  @Override
  public void setBuildTimeStamp(String buildTimeStamp) {}

  @Override
  public void setStackProperties(Properties stackProperties) {}

  @Override
  public String getLoggerName() {
    return LOG.getName();
  }
}
