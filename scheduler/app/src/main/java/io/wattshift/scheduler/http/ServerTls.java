package io.wattshift.scheduler.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.X509KeyManager;

/**
 * The key pair the scheduler's HTTP server serves TLS with: PEM files as a {@code kubernetes.io/tls} Secret holds
 * them ({@code tls.crt}: the server certificate first, then any intermediates; {@code tls.key}: its unencrypted
 * private key, PKCS#8 {@code PRIVATE KEY}, PKCS#1 {@code RSA PRIVATE KEY} or SEC1 {@code EC PRIVATE KEY}).
 *
 * <p>The files are read when the server starts and checked for a renewal every 30 seconds after ({@link TlsReload}):
 * a certificate cert-manager renews into the Secret is served once the kubelet has updated the mounted files.
 *
 * @param certFile PEM certificate chain
 * @param keyFile  PEM private key of the chain's first certificate
 */
public record ServerTls(Path certFile, Path keyFile) {
  private static final Pattern KEY = Pattern.compile("-----BEGIN (RSA |EC )?PRIVATE KEY-----");

  /**
   * The TLS settings of {@code --tls-cert-file} and {@code --tls-key-file}: both or neither.
   *
   * @return empty when neither is given (plain HTTP)
   * @throws IllegalArgumentException with a message for the operator when only one is given, or a file is unreadable
   *                                  or not what it should be
   */
  public static Optional<ServerTls> fromFlags(Path certFile, Path keyFile) {
    if (certFile == null && keyFile == null) {
      return Optional.empty();
    }
    if (certFile == null || keyFile == null) {
      throw new IllegalArgumentException("--tls-cert-file and --tls-key-file go together (PEM, as the tls.crt and"
          + " tls.key of a kubernetes.io/tls Secret); only " + (certFile == null ? "--tls-key-file" : "--tls-cert-file")
          + " was given");
    }
    ServerTls tls = new ServerTls(certFile, keyFile);
    tls.check();
    return Optional.of(tls);
  }

  /** Fails early and clearly on files the TLS stack would only reject with a stack trace at listen time. */
  void check() {
    X509Certificate leaf = leafCertificate();
    String key = read(keyFile, "--tls-key-file");
    if (key.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new IllegalArgumentException("--tls-key-file " + keyFile + " is encrypted; the scheduler needs the"
          + " unencrypted key (as in a kubernetes.io/tls Secret)");
    }
    if (!KEY.matcher(key).find()) {
      throw new IllegalArgumentException("--tls-key-file " + keyFile + " holds no PEM private key (expected a"
          + " -----BEGIN PRIVATE KEY----- block, or RSA/EC PRIVATE KEY)");
    }
    if (leaf.getNotAfter().getTime() < System.currentTimeMillis()) {
      throw new IllegalArgumentException("--tls-cert-file " + certFile + " expired on " + leaf.getNotAfter().toInstant());
    }
    checkKeyMatches(leaf, key);
  }

  /**
   * The TLS stack accepts a key of another certificate at listen time and only every handshake fails then, so sign
   * with the key and verify with the certificate. The key is parsed as Vert.x will parse it at listen time (PKCS#8,
   * PKCS#1, SEC1): a key it cannot read fails here too.
   */
  private void checkKeyMatches(X509Certificate leaf, String keyPem) {
    PrivateKey key;
    try {
      // from values, not paths: Vert.x then needs no Vertx instance to read them (none exists yet at flag parsing)
      PemKeyCertOptions pair = new PemKeyCertOptions().setKeyValue(Buffer.buffer(keyPem))
          .setCertValue(Buffer.buffer(read(certFile, "--tls-cert-file")));
      String alias = pair.loadKeyStore(null).aliases().nextElement();
      key = ((X509KeyManager) pair.getKeyManagerFactory(null).getKeyManagers()[0]).getPrivateKey(alias);
    } catch (Exception e) {
      throw new IllegalArgumentException("--tls-key-file " + keyFile + " is not a usable private key: " + e);
    }
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> null; // others: left to the handshake
    };
    if (algorithm == null) {
      return;
    }
    try {
      byte[] probe = "wattshift".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(leaf.getPublicKey());
      verifier.update(probe);
      if (verifier.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException e) {
      // a key of another algorithm than the certificate's: no match either
    }
    throw new IllegalArgumentException("--tls-key-file " + keyFile + " is not the private key of the certificate in"
        + " --tls-cert-file " + certFile + " (" + leaf.getSubjectX500Principal().getName() + ")");
  }

  /** The first certificate of {@link #certFile()}: the one presented as the server's. */
  public X509Certificate leafCertificate() {
    String pem = read(certFile, "--tls-cert-file");
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException("--tls-cert-file " + certFile + " holds no PEM certificate (expected a"
          + " -----BEGIN CERTIFICATE----- block)");
    }
    try (InputStream in = Files.newInputStream(certFile)) {
      Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
      return (X509Certificate) chain.iterator().next();
    } catch (IOException | CertificateException | RuntimeException e) {
      throw new IllegalArgumentException("--tls-cert-file " + certFile + " is not a readable PEM certificate: " + e.getMessage());
    }
  }

  /** The server options that serve TLS with this key pair. */
  public HttpServerOptions serverOptions() {
    return new HttpServerOptions().setSsl(true).setKeyCertOptions(TlsReload.keyCert(this));
  }

  /** SHA-256 of both files' bytes, to notice a renewal; blocks on file reads. */
  String fingerprint() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(Files.readAllBytes(certFile));
      digest.update((byte) 0);
      digest.update(Files.readAllBytes(keyFile));
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException | GeneralSecurityException e) {
      return "unreadable: " + e; // changes when the files come back; check() then says what is wrong
    }
  }

  private static String read(Path file, String flag) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(flag + " " + file + " cannot be read: " + e);
    }
  }
}
