package io.wattshift.chart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import tools.jackson.databind.JsonNode;

/**
 * The PEM contents of a {@code kubernetes.io/tls} Secret's {@code data} (tls.crt, tls.key, ca.crt), checked with the
 * JDK alone: the certificate chains to ca.crt and names the host, as the node daemon's TLS client requires.
 */
record TlsSecret(String tlsCrt, String tlsKey, String caCrt) {

    /** From a Secret object (rendered or read back from the API server): its data values are base64. */
    static TlsSecret of(JsonNode secret) {
        JsonNode data = secret.path("data");
        return new TlsSecret(decode(data, "tls.crt"), decode(data, "tls.key"), decode(data, "ca.crt"));
    }

    private static String decode(JsonNode data, String key) {
        String value = data.path(key).asString("");
        if (value.isEmpty()) {
            throw new AssertionError("the Secret has no " + key + ": " + data.toString().length() + " characters of data");
        }
        return new String(Base64.getDecoder().decode(value), StandardCharsets.US_ASCII);
    }

    static X509Certificate parse(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError("not a PEM certificate: " + e.getMessage(), e);
        }
    }

    X509Certificate certificate() {
        return parse(tlsCrt);
    }

    X509Certificate ca() {
        return parse(caCrt);
    }

    /** The certificate's DNS subject alternative names (type 2). */
    List<String> dnsNames() throws GeneralSecurityException {
        List<String> names = new ArrayList<>();
        var sans = certificate().getSubjectAlternativeNames();
        if (sans != null) {
            sans.stream().filter(san -> Integer.valueOf(2).equals(san.get(0)))
                    .forEach(san -> names.add((String) san.get(1)));
        }
        return names;
    }

    /** PKIX path validation of tls.crt with ca.crt as the only trust anchor; throws when it does not chain. */
    void validateAgainstCa() throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca(), null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(certificate())), params);
    }

    /** A TLS context that trusts ca.crt only, as the daemon does with --scheduler-ca-file. */
    SSLContext trustingCa() throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** Hex SHA-256 of a text, as Helm's sha256sum (the chart's checksum annotations). */
    static String sha256Hex(String text) throws GeneralSecurityException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes tls.crt and tls.key as the kubelet mounts them for the scheduler. */
    void writeServerFiles(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("tls.crt"), tlsCrt);
        Files.writeString(dir.resolve("tls.key"), tlsKey);
    }

    /**
     * GET over TLS to 127.0.0.1:port while verifying the certificate for {@code hostName} (the Service DNS name in
     * the daemons' URL): the JDK's HTTPS endpoint identification, the check the daemon makes. Returns the response.
     */
    String httpsGet(String hostName, int port, String path) throws GeneralSecurityException, IOException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            plain.setSoTimeout(10_000);
            try (SSLSocket tls = (SSLSocket) trustingCa().getSocketFactory().createSocket(plain, hostName, port,
                    false)) {
                SSLParameters params = tls.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(params);
                tls.startHandshake();
                OutputStream out = tls.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: " + hostName + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = tls.getInputStream();
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
