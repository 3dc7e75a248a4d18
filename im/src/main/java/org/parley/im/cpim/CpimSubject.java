package org.parley.im.cpim;

import java.util.Objects;
import java.util.Optional;

/**
 * A Subject header (RFC 3862 §4.5): {@code Subject-header = "Subject" ":" [ ";" Lang-param ] SP
 * *HEADERCHAR}. A message may carry one Subject per language.
 */
public final class CpimSubject {
  private final String lang;
  private final String text;

  CpimSubject(String lang, String text) {
    this.lang = lang;
    this.text = text;
  }

  /** The {@code lang} parameter, if any. */
  public Optional<String> lang() {
    return Optional.ofNullable(lang);
  }

  /** The subject, with escapes resolved. */
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return (lang == null ? "" : "[" + lang + "] ") + text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CpimSubject
        && Objects.equals(((CpimSubject) o).lang, lang)
        && ((CpimSubject) o).text.equals(text);
  }

  @Override
  public int hashCode() {
    return Objects.hash(lang, text);
  }
}
