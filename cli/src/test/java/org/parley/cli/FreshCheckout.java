package org.parley.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A directory that looks, to the README's commands, like a fresh clone where {@code ./parley} has
 * been built: the repository's own {@code parley} launcher and {@code README.md}, copied, and a
 * {@code cli/target/parley.jar} that runs this build's classes (a manifest naming them, as Maven's
 * shade step is not run before the tests). The launcher finds no sources newer than the jar, so it
 * goes straight to {@code exec java -jar}; its first-use build is the one step not run here. The
 * README's {@code /tmp/...} paths go to {@code tmp/} inside it, and HOME is an empty {@code home/}.
 */
final class FreshCheckout {
  final Path dir;
  final Path tmp;
  final Path home;

  private FreshCheckout(Path dir) {
    this.dir = dir;
    this.tmp = dir.resolve("tmp");
    this.home = dir.resolve("home");
  }

  /** Makes the checkout in {@code dir} from the repository at {@code repository}. */
  static FreshCheckout make(Path dir, Path repository) throws IOException {
    FreshCheckout c = new FreshCheckout(dir);
    Files.createDirectories(c.tmp);
    Files.createDirectories(c.home);
    Path launcher = Files.copy(repository.resolve("parley"), dir.resolve("parley"));
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.copy(repository.resolve("README.md"), dir.resolve("README.md"));
    Path jar = Files.createDirectories(dir.resolve("cli/target")).resolve("parley.jar");
    writeLauncherJar(jar);
    return c;
  }

  /** The repository this test runs in: the nearest directory up with the launcher and README. */
  static Path repository() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("parley")) && Files.isRegularFile(p.resolve("README.md"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository above " + Path.of("").toAbsolutePath());
  }

  /** The environment of a new user's shell here: this JDK's java first on the PATH. */
  Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(System.getenv());
    Path javaBin = Path.of(System.getProperty("java.home"), "bin");
    env.put("PATH", javaBin + File.pathSeparator + env.getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("HOME", home.toString());
    return env;
  }

  /** A jar with no classes of its own: Main-Class Parley, Class-Path this JVM's class path. */
  private static void writeLauncherJar(Path jar) throws IOException {
    List<String> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        urls.add(Path.of(entry).toAbsolutePath().toUri().toString());
      }
    }
    Manifest m = new Manifest();
    Attributes a = m.getMainAttributes();
    a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    a.put(Attributes.Name.MAIN_CLASS, Parley.class.getName());
    a.put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out, m)) {
      j.flush();
    }
  }
}
