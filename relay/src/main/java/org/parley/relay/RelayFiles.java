package org.parley.relay;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.parley.msrp.Fingerprint;
import org.parley.msrp.Hosts;

/**
 * The files a relay makes for itself at first start in its data directory, so that it runs with no
 * configuration at all: a self-signed certificate and key (made with the JDK's own {@code keytool},
 * EC P-256, valid 825 days, the host in subjectAltName) and a users file with one demo account.
 * Existing files are never overwritten. Secret files are made readable by their owner only where
 * the file system allows.
 */
public final class RelayFiles {
  /** The certificate's file name in the data directory. */
  public static final String CERTIFICATE = "cert.pem";

  /** The private key's file name in the data directory. */
  public static final String PRIVATE_KEY = "key.pem";

  /** The users file's name in the data directory. */
  public static final String USERS = "users.htdigest";

  /** The demo account's user name. */
  public static final String DEMO_USER = "demo";

  private RelayFiles() {}

  /**
   * Makes {@code dir/cert.pem} and {@code dir/key.pem} for {@code host} unless both exist.
   *
   * @return true when they were made now
   * @throws IOException when keytool fails or the files cannot be written
   */
  public static boolean ensureCertificate(Path dir, String host) throws IOException {
    Path cert = dir.resolve(CERTIFICATE);
    Path key = dir.resolve(PRIVATE_KEY);
    if (Files.exists(cert) && Files.exists(key)) {
      return false;
    }
    Files.createDirectories(dir);
    char[] password = SessionIds.token(18).toCharArray();
    Path store = Files.createTempFile(dir, "relay", ".p12");
    Files.delete(store); // keytool makes it
    try {
      keytool(store, host, password);
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, password);
      }
      Base64.Encoder b64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
      String certPem =
          "-----BEGIN CERTIFICATE-----\n"
              + b64.encodeToString(ks.getCertificate("relay").getEncoded())
              + "\n-----END CERTIFICATE-----\n";
      String keyPem =
          "-----BEGIN PRIVATE KEY-----\n"
              + b64.encodeToString(ks.getKey("relay", password).getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
      writeSecret(key, keyPem);
      Files.writeString(cert, certPem, StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the key store keytool made: " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(store);
    }
    return true;
  }

  private static void keytool(Path store, String host, char[] password) throws IOException {
    String bare = Hosts.unbracketed(host);
    String san =
        NetUtil.isValidIpV4Address(bare) || NetUtil.isValidIpV6Address(bare)
            ? "SAN=ip:" + bare + ",dns:localhost"
            : "SAN=dns:" + bare;
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    ProcessBuilder pb =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "relay",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + bare,
                "-ext",
                san,
                "-validity",
                "825",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass:env",
                "PARLEY_STOREPASS")
            .redirectErrorStream(true);
    // The password goes through the environment, not the command line (visible in ps).
    pb.environment().put("PARLEY_STOREPASS", new String(password));
    Process p = pb.start();
    p.getOutputStream().close();
    String output;
    try (InputStream in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("keytool failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while keytool ran", e);
    }
  }

  /**
   * Makes {@code file} with one {@value #DEMO_USER} account of a random password, unless it exists.
   *
   * @return the password, when the file was made now
   */
  public static Optional<String> ensureUsers(Path file, String realm) throws IOException {
    if (Files.exists(file)) {
      return Optional.empty();
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    String password = SessionIds.token(12);
    String text =
        "# Parley relay users, Apache htdigest format: user:realm:MD5(user:realm:password), then\n"
            + "# :SHA-256(user:realm:password) for SHA-256 digest. Add or change users with:\n"
            + "# parley relay passwd USER (both), or htdigest "
            + file.getFileName()
            + " '"
            + realm
            + "' USER (MD5 only)\n"
            + HtdigestUserStore.line(DEMO_USER, realm, password)
            + "\n";
    writeSecret(file, text);
    return Optional.of(password);
  }

  /**
   * Sets {@code user}'s password in the users file {@code file} to a new random one, for {@code
   * realm} (or, when null, the realm of the file's first account; the file is made when missing,
   * then {@code realm} is required). Other lines stay as they are; the file is replaced at once, so
   * a relay reading it sees the old file or the new one.
   *
   * @return the realm used and the new password, which is nowhere else
   * @throws IllegalArgumentException for a user name with ':', or no realm to use
   */
  public static String[] resetPassword(Path file, String user, String realm) throws IOException {
    if (user.isEmpty() || user.indexOf(':') >= 0 || user.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("not a user name: " + user);
    }
    java.util.List<String> lines =
        Files.exists(file)
            ? new java.util.ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8))
            : new java.util.ArrayList<>();
    String r = realm;
    for (int i = 0; r == null && i < lines.size(); i++) {
      String[] f = lines.get(i).split(":", -1);
      if (!lines.get(i).startsWith("#") && (f.length == 3 || f.length == 4)) {
        r = f[1];
      }
    }
    if (r == null) {
      throw new IllegalArgumentException(
          "no account in " + file + " to take the realm from: give --realm");
    }
    String password = SessionIds.token(12);
    String entry = HtdigestUserStore.line(user, r, password);
    boolean replaced = false;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(user + ":" + r + ":")) {
        lines.set(i, entry);
        replaced = true;
      }
    }
    if (!replaced) {
      lines.add(entry);
    }
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    writeSecret(file, String.join("\n", lines) + "\n");
    return new String[] {r, password};
  }

  /** The SHA-256 fingerprint of the first certificate of a PEM file, as SDP writes it. */
  public static Fingerprint fingerprint(Path certificatePem) throws IOException {
    try (InputStream in = Files.newInputStream(certificatePem)) {
      X509Certificate c =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return Fingerprint.sha256(c);
    } catch (GeneralSecurityException e) {
      throw new IOException(certificatePem + ": not a PEM certificate: " + e.getMessage(), e);
    }
  }

  /** Writes a new file readable by its owner only (where POSIX permissions exist). */
  private static void writeSecret(Path file, String text) throws IOException {
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".parley", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system
      }
      Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
