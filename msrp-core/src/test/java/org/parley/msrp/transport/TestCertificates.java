package org.parley.msrp.transport;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed test certificates made with the JDK's keytool (alias {@code msrp}, password {@code
 * changeit}); shared with other modules through msrp-core's test-jar.
 */
public final class TestCertificates {
  public static final String ALIAS = "msrp";
  public static final char[] PASSWORD = "changeit".toCharArray();

  private TestCertificates() {}

  /** A PKCS#12 key store in {@code dir} holding one EC key and its self-signed certificate. */
  public static KeyStore selfSigned(Path dir, String commonName) throws Exception {
    return selfSigned(dir, commonName, commonName, null);
  }

  /**
   * The same, stored as {@code file}.p12, with a subjectAltName in keytool's form (e.g. {@code
   * dns:localhost,uri:sip:localhost}) when {@code san} is not null.
   */
  public static KeyStore selfSigned(Path dir, String file, String commonName, String san)
      throws Exception {
    Path store = dir.resolve(file + ".p12");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                ALIAS,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + commonName,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(PASSWORD),
                "-keypass",
                new String(PASSWORD)));
    if (san != null) {
      command.add("-ext");
      command.add("SAN=" + san);
    }
    Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }

  /** Writes the store's certificate and PKCS#8 key as PEM files; returns {cert, key}. */
  public static Path[] writePem(KeyStore ks, Path dir) throws Exception {
    Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Files.writeString(
        cert,
        "-----BEGIN CERTIFICATE-----\n"
            + b64.encodeToString(ks.getCertificate(ALIAS).getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    Files.writeString(
        key,
        "-----BEGIN PRIVATE KEY-----\n"
            + b64.encodeToString(ks.getKey(ALIAS, PASSWORD).getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    return new Path[] {cert, key};
  }
}
