package org.parley.sip;

import java.nio.file.Path;
import org.parley.im.FileHash;
import org.parley.sdp.FileSelector;
import org.parley.sip.file.PartialFile;

/**
 * What a pull of a file into a directory starts from ({@link SipAgent#pullFile}): the selector to
 * ask with and the bytes already there. An earlier pull that broke off left {@code NAME.part} and,
 * beside it, {@code NAME.part.selector} with the file's size and SHA-1 as its sender described
 * them; a selector that names the file without them (a name alone) is completed from there, so that
 * the pull resumes after those bytes ({@code a=file-range}) and the whole file is checked against
 * that hash. A selector whose hash or size differs from the kept ones starts over.
 *
 * @param selector what to ask for: the one given, completed with the kept size and SHA-1
 * @param have the bytes of the file already in place, 0 when none
 */
public record PartialPull(FileSelector selector, long have) {
  /** What pulling {@code asked} into {@code dir} starts from. Never throws for a bad part. */
  public static PartialPull find(Path dir, FileSelector asked) {
    String name = FileOffer.safeName(asked.name());
    PartialFile part = PartialFile.of(dir, name);
    String sha1 = FileOffer.sha1(asked);
    long size = asked.size().orElse(-1);
    FileSelector selector = asked;
    if (sha1 == null || size < 0) {
      FileSelector kept = part.kept();
      String keptSha1 = kept == null ? null : FileOffer.sha1(kept);
      long keptSize = kept == null ? -1 : kept.size().orElse(-1);
      if (keptSha1 != null
          && keptSize > 0
          && (sha1 == null || sha1.equalsIgnoreCase(keptSha1))
          && (size < 0 || size == keptSize)) {
        try {
          selector =
              FileSelector.builder()
                  .name(asked.name())
                  .type(asked.type())
                  .size(keptSize)
                  .hash(FileHash.SHA_1, keptSha1)
                  .build();
          sha1 = keptSha1;
          size = keptSize;
        } catch (IllegalArgumentException e) { // an SdpParseException too
          selector = asked; // a kept selector that cannot be asked with: start over
        }
      }
    }
    return new PartialPull(selector, part.resumable(sha1, size));
  }

  /** True when the pull asks for the missing bytes only. */
  public boolean resumes() {
    return have > 0;
  }
}
