package org.parley.im.cpim;

import java.util.Locale;
import java.util.Objects;

/**
 * A header name as RFC 3862 §3.1 and §3.4 define it: {@code Header-name = [ Name-prefix "." ]
 * Name}, with the prefix resolved through the NS headers to a namespace URI. Names without a prefix
 * are in the CPIM namespace {@value #CPIM_NAMESPACE}.
 *
 * <p>Names compare without case (a robustness choice; RFC 3862 makes them case-sensitive) and are
 * written back as they came.
 */
public final class CpimName {
  /** The namespace of the headers RFC 3862 defines, and of every name without a prefix. */
  public static final String CPIM_NAMESPACE = "urn:ietf:params:cpim-headers:";

  private final String prefix;
  private final String localName;
  private final String namespaceUri;

  CpimName(String prefix, String localName, String namespaceUri) {
    this.prefix = prefix;
    this.localName = localName;
    this.namespaceUri = namespaceUri;
  }

  /** The {@code Name-prefix} as written, or the empty string. */
  public String prefix() {
    return prefix;
  }

  /** The {@code Name} after the prefix. */
  public String localName() {
    return localName;
  }

  /** The namespace URI the prefix was declared for, or {@link #CPIM_NAMESPACE}. */
  public String namespaceUri() {
    return namespaceUri;
  }

  /** Whether this is {@code localName} (without case) in namespace {@code namespaceUri}. */
  public boolean is(String namespaceUri, String localName) {
    return this.namespaceUri.equals(namespaceUri) && this.localName.equalsIgnoreCase(localName);
  }

  /** The name as written: {@code prefix.Name} or {@code Name}. */
  @Override
  public String toString() {
    return prefix.isEmpty() ? localName : prefix + '.' + localName;
  }

  /** Same spelling and same namespace. */
  @Override
  public boolean equals(Object o) {
    return o instanceof CpimName
        && ((CpimName) o).prefix.equals(prefix)
        && ((CpimName) o).localName.equals(localName)
        && ((CpimName) o).namespaceUri.equals(namespaceUri);
  }

  @Override
  public int hashCode() {
    return Objects.hash(prefix, localName, namespaceUri);
  }

  /** The key used for comparisons without case. */
  String key() {
    return namespaceUri + ' ' + localName.toLowerCase(Locale.ROOT);
  }
}
