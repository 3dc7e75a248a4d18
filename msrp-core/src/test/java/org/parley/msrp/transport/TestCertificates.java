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

  /** A server certificate signed by a CA made for it, and a trust store holding only that CA. */
  public record CaSigned(KeyStore keys, KeyStore trust) {}

  /**
   * A CA (basicConstraints CA:true) and a leaf key whose certificate it signs, with the
   * subjectAltName {@code san} in keytool's form (e.g. {@code dns:localhost}), all made with
   * keytool in {@code dir}. The leaf store (alias {@link #ALIAS}) holds the chain leaf, CA.
   */
  public static CaSigned caSigned(Path dir, String san) throws Exception {
    String pass = new String(PASSWORD);
    Path ca = dir.resolve("ca.p12");
    Path leaf = dir.resolve("leaf.p12");
    Path csr = dir.resolve("leaf.csr");
    Path leafCer = dir.resolve("leaf.cer");
    Path caCer = dir.resolve("ca.cer");
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=Parley Test CA",
        "-ext",
        "bc:c",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        ca.toString(),
        "-storepass",
        pass,
        "-keypass",
        pass);
    keytool(
        "-genkeypair",
        "-alias",
        ALIAS,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=parley-leaf",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        leaf.toString(),
        "-storepass",
        pass,
        "-keypass",
        pass);
    keytool(
        "-certreq",
        "-alias",
        ALIAS,
        "-keystore",
        leaf.toString(),
        "-storepass",
        pass,
        "-file",
        csr.toString());
    keytool(
        "-gencert",
        "-alias",
        "ca",
        "-keystore",
        ca.toString(),
        "-storepass",
        pass,
        "-infile",
        csr.toString(),
        "-outfile",
        leafCer.toString(),
        "-ext",
        "SAN=" + san,
        "-validity",
        "2",
        "-rfc");
    keytool(
        "-exportcert",
        "-alias",
        "ca",
        "-keystore",
        ca.toString(),
        "-storepass",
        pass,
        "-rfc",
        "-file",
        caCer.toString());
    keytool(
        "-importcert",
        "-alias",
        "ca",
        "-file",
        caCer.toString(),
        "-keystore",
        leaf.toString(),
        "-storepass",
        pass,
        "-noprompt");
    keytool(
        "-importcert",
        "-alias",
        ALIAS,
        "-file",
        leafCer.toString(),
        "-keystore",
        leaf.toString(),
        "-storepass",
        pass,
        "-noprompt");
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(leaf)) {
      keys.load(in, PASSWORD);
    }
    keys.deleteEntry("ca"); // the chain is in the key entry; the CA is no trusted entry here
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caCer)) {
      trust.setCertificateEntry(
          "ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    return new CaSigned(keys, trust);
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
    }
  }
}
