package org.parley.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.parley.im.FileHash;
import org.parley.sip.FilePullRequest;

/**
 * Which file of a served directory answers a pull: the one named in the selector (no directory
 * part), when its size and SHA-1 match those asked for (the hash is computed off the agent's
 * thread).
 */
final class ServedFile {
  private ServedFile() {}

  /** Completes with the file, or null when none matches. */
  static CompletableFuture<Path> find(Path dir, FilePullRequest request) {
    String name = request.name();
    if (name == null) {
      return CompletableFuture.completedFuture(null);
    }
    Path file = dir.resolve(name);
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            if (!Files.isRegularFile(file)
                || (request.size() >= 0 && Files.size(file) != request.size())
                || (request.sha1() != null
                    && !request.sha1().equalsIgnoreCase(FileHash.of(file)))) {
              return null;
            }
            return file;
          } catch (IOException e) {
            return null;
          }
        });
  }
}
