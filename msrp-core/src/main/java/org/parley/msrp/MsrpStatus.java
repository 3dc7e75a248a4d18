package org.parley.msrp;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Status header of a REPORT (RFC 4975 §7.1.2): {@code namespace SP status-code [SP
 * text-reason]}, namespace {@code 000} for the codes of RFC 4975.
 */
public final class MsrpStatus {
  private final int namespace;
  private final int code;
  private final @Nullable String reason;

  private MsrpStatus(int namespace, int code, @Nullable String reason) {
    this.namespace = namespace;
    this.code = code;
    this.reason = reason;
  }

  /**
   * A status.
   *
   * @param reason the text-reason, or null
   */
  public static MsrpStatus of(int namespace, int code, @Nullable String reason) {
    if (namespace < 0 || namespace > 999) {
      throw new MsrpSyntaxException(MsrpRule.STATUS, 0, "namespace must be three digits");
    }
    if (code < 100 || code > 999) {
      throw new MsrpSyntaxException(MsrpRule.STATUS, 0, "status-code must be three digits");
    }
    return new MsrpStatus(namespace, code, reason);
  }

  public int namespace() {
    return namespace;
  }

  public int code() {
    return code;
  }

  /** The text-reason, or null. */
  public @Nullable String reason() {
    return reason;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MsrpStatus)) {
      return false;
    }
    MsrpStatus s = (MsrpStatus) o;
    return namespace == s.namespace && code == s.code && Objects.equals(reason, s.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(namespace, code, reason);
  }

  /** The header value, e.g. {@code 000 200 OK}. */
  @Override
  public String toString() {
    String ns = String.format("%03d", namespace);
    return reason == null ? ns + " " + code : ns + " " + code + " " + reason;
  }
}
