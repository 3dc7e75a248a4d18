package org.parley.im;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Files written for a peer, under names a peer chose: nothing already there is ever replaced and no
 * symbolic link is ever followed. A received file takes the first free name of {@code NAME}, {@code
 * NAME (1).EXT}, {@code NAME (2).EXT}, ... (as browsers name downloads), taken atomically: created
 * with {@code CREATE_NEW} ({@code O_EXCL}), or moved into place by a hard link, which fails when
 * the name exists, so two writers never get the same name and a name that appears meanwhile (a
 * file, or a link put there by someone else) is skipped, not written through.
 *
 * <p>Used for every file a peer sends: {@code receive-files}, {@code pull-file} and {@code chat
 * --dir} (through the SIP agent's file sink) and {@code msrp listen --dir}.
 */
public final class SafeFiles {
  /** How many numbered names are tried before giving up: {@code NAME (1)} to this. */
  public static final int MAX_NUMBER = 9999;

  private SafeFiles() {}

  /** A file just created, and the name it got. */
  public record NewFile(Path path, FileChannel channel) {}

  /**
   * {@code name} numbered {@code n} as browsers do: {@code a.txt} 1 is {@code a (1).txt}; a name
   * without extension, or whose only dot is the first character ({@code .profile}), gets the number
   * at its end. {@code n} 0 is {@code name} itself.
   */
  public static String numbered(String name, int n) {
    if (n == 0) {
      return name;
    }
    int dot = name.lastIndexOf('.');
    if (dot <= 0) {
      return name + " (" + n + ")";
    }
    return name.substring(0, dot) + " (" + n + ")" + name.substring(dot);
  }

  /**
   * Creates a new, empty file {@code dir}/{@code name}, or the first free numbered name, open for
   * writing and reading (a receiver may hash what it wrote). Never opens a file that existed
   * before.
   *
   * @throws FileAlreadyExistsException when every numbered name up to {@link #MAX_NUMBER} is taken
   */
  public static NewFile createNew(Path dir, String name) throws IOException {
    for (int n = 0; n <= MAX_NUMBER; n++) {
      Path path = dir.resolve(numbered(name, n));
      try {
        FileChannel channel =
            FileChannel.open(
                path,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE,
                StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS);
        return new NewFile(path, channel);
      } catch (FileAlreadyExistsException taken) {
        // the next number
      }
    }
    throw new FileAlreadyExistsException(dir.resolve(name).toString(), null, "no free name");
  }

  /**
   * Moves {@code source} (a regular file in {@code dir}) to {@code dir}/{@code name}, or to the
   * first free numbered name, and returns where it went; an existing file is never replaced. The
   * name is taken by a hard link (atomic, fails if the name exists); on a file system without hard
   * links the bytes are copied into a file created with {@code CREATE_NEW}. {@code source} is gone
   * afterwards.
   */
  public static Path moveToNew(Path source, Path dir, String name) throws IOException {
    requireRegularFile(source);
    for (int n = 0; n <= MAX_NUMBER; n++) {
      Path target = dir.resolve(numbered(name, n));
      try {
        Files.createLink(target, source);
        Files.delete(source);
        return target;
      } catch (FileAlreadyExistsException taken) {
        // the next number
      } catch (UnsupportedOperationException | FileSystemException noLinks) {
        return copyToNew(source, dir, name); // no hard links here
      }
    }
    throw new FileAlreadyExistsException(dir.resolve(name).toString(), null, "no free name");
  }

  private static Path copyToNew(Path source, Path dir, String name) throws IOException {
    NewFile target = createNew(dir, name);
    try (FileChannel out = target.channel();
        FileChannel in = openExisting(source, StandardOpenOption.READ)) {
      long size = in.size();
      long at = 0;
      while (at < size) {
        at += in.transferTo(at, size - at, out);
      }
    }
    Files.delete(source);
    return target.path();
  }

  /**
   * Opens {@code path} for writing without following a symbolic link: created when absent (with
   * {@code truncate}, emptied when present). Refuses (an {@link IOException}) a path that is a
   * symbolic link or anything but a regular file (a FIFO or a device).
   */
  public static FileChannel openForWriting(Path path, boolean truncate) throws IOException {
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      requireRegularFile(path);
    }
    FileChannel channel =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    if (truncate) {
      channel.truncate(0);
    }
    return channel;
  }

  /** Opens an existing regular file, never through a symbolic link. */
  public static FileChannel openExisting(Path path, StandardOpenOption... options)
      throws IOException {
    requireRegularFile(path);
    java.nio.file.OpenOption[] all = new java.nio.file.OpenOption[options.length + 1];
    System.arraycopy(options, 0, all, 0, options.length);
    all[options.length] = LinkOption.NOFOLLOW_LINKS;
    return FileChannel.open(path, all);
  }

  /** {@code true} when {@code path} is a regular file itself, not a link to one. */
  public static boolean isRegularFile(Path path) {
    return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
  }

  private static void requireRegularFile(Path path) throws IOException {
    BasicFileAttributes a =
        Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (a.isSymbolicLink()) {
      throw new FileSystemException(path.toString(), null, "is a symbolic link: not followed");
    }
    if (!a.isRegularFile()) {
      throw new FileSystemException(path.toString(), null, "is not a regular file");
    }
  }
}
