import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;
import java.util.zip.ZipFile;

/**
 * The few things {@code deploy/local/run.sh} needs that a bare JDK + Maven machine has no command for:
 * unpacking the PostgreSQL binaries, generating the JWT key pair and creating the service databases.
 * Run with the jars that {@code support.pom.xml} copies (commons-compress, xz, the PostgreSQL JDBC driver) and the
 * project's {@code common} jar as the gateway packages it.
 */
public final class LocalTools {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        switch (args[0]) {
            case "unpack-postgres" -> {
                require(args, 3);
                unpackPostgres(Path.of(args[1]), Path.of(args[2]));
            }
            case "keygen" -> {
                require(args, 3);
                keygen(Path.of(args[1]), Path.of(args[2]));
            }
            case "create-databases" -> {
                require(args, 5);
                String[] dbs = java.util.Arrays.copyOfRange(args, 4, args.length);
                createDatabases(args[1], args[2], System.getenv().getOrDefault("PG_PASSWORD", ""), args[3], dbs);
            }
            default -> usage();
        }
    }

    private static void require(String[] args, int n) {
        if (args.length < n) {
            usage();
        }
    }

    private static void usage() {
        System.err.println("""
                usage: LocalTools unpack-postgres <binaries.jar> <dir>
                       LocalTools keygen <private.pem> <public.pem>
                       LocalTools create-databases <host> <port> <user> <db>...   (password in PG_PASSWORD)""");
        System.exit(2);
    }

    /** Extracts the {@code postgres-*.txz} inside zonky's binaries jar into {@code dir} (bin/, lib/, share/). */
    static void unpackPostgres(Path jar, Path dir) throws IOException {
        Path tmp = Files.createTempDirectory(dir.getParent(), "pg-unpack");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var txz = zip.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
                    .orElseThrow(() -> new IOException("no .txz in " + jar));
            try (InputStream in = new XZCompressorInputStream(new BufferedInputStream(zip.getInputStream(txz)));
                 TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                Path root = tmp.toRealPath();
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    Path target = root.resolve(e.getName()).normalize();
                    if (!target.startsWith(root)) {
                        throw new IOException("entry escapes the target directory: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (e.isSymbolicLink()) {
                        Files.createDirectories(target.getParent());
                        Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(target, permissions(e.getMode()));
                    }
                }
            }
        }
        if (!Files.isExecutable(tmp.resolve("bin/postgres"))) {
            throw new IOException("the archive in " + jar + " holds no bin/postgres");
        }
        // createTempDirectory made it owner-only; the server may run as another account (run.sh, runuser mode)
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> p = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                p.add(bits[i]);
            }
        }
        p.add(PosixFilePermission.OWNER_READ);
        return p;
    }

    /** RSA 2048 key pair as PEM files, written by the same code the gateway uses ({@code common}'s PemKeys). */
    static void keygen(Path privatePem, Path publicPem) throws IOException {
        org.slidescore.common.auth.PemKeys.write(org.slidescore.common.auth.PemKeys.generateRsa(), privatePem,
                publicPem);
    }

    /** Creates each database owned by {@code user} unless it exists. Waits up to 30 s for the server. */
    static void createDatabases(String host, String port, String password, String user, String[] dbs)
            throws Exception {
        String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        Connection c = null;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (c == null) {
            try {
                c = DriverManager.getConnection(url, user, password);
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot connect to " + url + " as " + user + ": " + e.getMessage(), e);
                }
                Thread.sleep(250);
            }
        }
        try (Connection connection = c) {
            for (String db : dbs) {
                if (!db.matches("[a-z][a-z0-9_]*")) {
                    throw new IllegalArgumentException("not a plain database name: " + db);
                }
                boolean exists;
                try (PreparedStatement q = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    q.setString(1, db);
                    exists = q.executeQuery().next();
                }
                if (!exists) {
                    try (var st = connection.createStatement()) {
                        st.execute("CREATE DATABASE " + db);
                    }
                    System.out.println("created database " + db);
                }
            }
        }
    }
}
