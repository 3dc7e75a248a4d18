package org.parley.cli;

import java.util.Locale;
import org.parley.sip.SipConfig;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --max-disk} of the commands that receive files ({@code receive-files}, {@code pull-file},
 * {@code chat}): the bytes the files received may take on disk together (the agent's {@link
 * SipConfig#diskBudget()}). A picocli mixin.
 */
final class DiskOptions {
  @Option(
      names = "--max-disk",
      paramLabel = "SIZE",
      defaultValue = "16G",
      converter = ByteSize.class,
      description =
          "The most bytes received files may take on disk together, e.g. 500M or 2G (default:"
              + " ${DEFAULT-VALUE}); a file beyond it is refused (MSRP 413) and the transfer fails.")
  long maxDisk = SipConfig.DEFAULT_DISK_BUDGET;

  /** A size in bytes with an optional K, M, G or T suffix (powers of 1024). */
  static final class ByteSize implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      String v = value.strip().toUpperCase(Locale.ROOT);
      if (v.endsWith("B")) {
        v = v.substring(0, v.length() - 1);
      }
      int shift = 0;
      if (!v.isEmpty()) {
        switch (v.charAt(v.length() - 1)) {
          case 'K' -> shift = 10;
          case 'M' -> shift = 20;
          case 'G' -> shift = 30;
          case 'T' -> shift = 40;
          default -> shift = -1;
        }
        if (shift >= 0) {
          v = v.substring(0, v.length() - 1);
        } else {
          shift = 0;
        }
      }
      long n;
      try {
        n = Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("not a size: " + value);
      }
      if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
        throw new TypeConversionException("not a size: " + value);
      }
      return n << shift;
    }
  }
}
