package io.wattshift.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority for tests, made with the JDK's own {@code keytool} (no openssl, no BouncyCastle:
 * CI machines have a JDK and little else). Writes PEM files as a {@code kubernetes.io/tls} Secret holds them.
 */
final class TestPki {
    private static final String PASS = "changeit";
    private final Path dir;
    private final Path caStore;
    /** The CA's certificate, PEM: what a daemon trusts with {@code --scheduler-ca-file}. */
    final Path caCert;

    /** A server key pair signed by this CA: {@code tls.crt} and {@code tls.key}. */
    record ServerCert(Path certFile, Path keyFile) {
    }

    private TestPki(Path dir) {
        this.dir = dir;
        this.caStore = dir.resolve("ca.p12");
        this.caCert = dir.resolve("ca.crt");
    }

    /** A new CA in {@code dir} (created if missing). */
    static TestPki create(Path dir) throws Exception {
        Files.createDirectories(dir);
        TestPki pki = new TestPki(dir);
        pki.keytool("-genkeypair", "-keystore", pki.caStore.toString(), "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=wattshift-test-ca", "-ext", "bc:c", "-validity", "2");
        pki.keytool("-exportcert", "-rfc", "-keystore", pki.caStore.toString(), "-alias", "ca", "-file", pki.caCert.toString());
        return pki;
    }

    /**
     * A server certificate for {@code sans}, signed by this CA.
     *
     * @param sans subject alternative names in keytool's form, e.g. {@code dns:localhost}, {@code ip:127.0.0.1}
     */
    ServerCert issue(String name, String... sans) throws Exception {
        Path store = dir.resolve(name + ".p12");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".crt");
        keytool("-genkeypair", "-keystore", store.toString(), "-alias", name, "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=" + name, "-validity", "2");
        keytool("-certreq", "-keystore", store.toString(), "-alias", name, "-file", csr.toString());
        keytool("-gencert", "-rfc", "-keystore", caStore.toString(), "-alias", "ca", "-infile", csr.toString(),
                "-outfile", cert.toString(), "-validity", "2", "-ext", "san=" + String.join(",", sans),
                "-ext", "eku=serverAuth");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASS.toCharArray());
        }
        Path key = dir.resolve(name + ".key");
        Files.writeString(key, pem("PRIVATE KEY", keys.getKey(name, PASS.toCharArray())), StandardCharsets.US_ASCII);
        return new ServerCert(cert, key);
    }

    private static String pem(String type, Key key) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END " + type + "-----\n";
    }

    private void keytool(String... args) throws IOException, InterruptedException, GeneralSecurityException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASS, "-noprompt"));
        if (args[0].equals("-genkeypair")) {
            command.addAll(List.of("-keypass", PASS));
        }
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new GeneralSecurityException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
