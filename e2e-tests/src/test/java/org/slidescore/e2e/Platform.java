package org.slidescore.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts the packaged platform through {@code deploy/local/run.sh} for a test class: its own state directory
 * ({@code target/<name>-state}) and ports, from a private snapshot of the packaged services.
 */
final class Platform {
    private Platform() {
    }

    static Path repositoryRoot() {
        return Path.of(System.getProperty("slidescore.root", "..")).toAbsolutePath().normalize();
    }

    /** {@code ../shared/testdata} relative to the repository root (CI has a copy of shared/ beside the clone). */
    static Path testdata(String file) {
        Path p = repositoryRoot().resolve("../shared/testdata").resolve(file).normalize();
        assertTrue(Files.isRegularFile(p), "missing " + p + " (shared/ beside the repository)");
        return p;
    }

    /** Fresh state, then {@code run.sh start}; the caller stops it with {@code run.run(120, "stop")}. */
    static LocalRun start(String name, Map<String, String> env) throws IOException {
        Path target = Path.of(System.getProperty("slidescore.e2e.state", "target/e2e-state")).toAbsolutePath()
                .getParent();
        Path state = target.resolve(name + "-state");
        LocalRun run = new LocalRun(snapshotOfThePackagedServices(repositoryRoot(), target.resolve(name + "-root")),
                state);
        // readiness of six JVMs starting at once takes minutes on a machine busy with builds (seconds when idle)
        run.withEnv("SLIDESCORE_START_TIMEOUT", "560");
        env.forEach(run::withEnv);
        if (Files.isDirectory(run.state.resolve("pids"))) {
            run.run(120, "stop");   // left over from an interrupted earlier run
        }
        deleteTree(run.state);
        reuseToolsOfAnotherState(run.state);
        LocalRun.Result started = run.run(600, "start");
        assertEquals(0, started.exitCode(), "run.sh failed:\n" + started.output());
        return run;
    }

    /** {@code run.sh stop} when anything was started. */
    static void stop(LocalRun run) {
        if (run != null && Files.isDirectory(run.state.resolve("pids"))) {
            run.run(120, "stop");
        }
    }

    /**
     * run.sh fetches the broker's and PostgreSQL's jars with Maven into its state directory; a state directory of
     * LocalRunTest that already has them saves those Maven calls (the content is the same).
     */
    private static void reuseToolsOfAnotherState(Path state) throws IOException {
        Path other = Path.of(System.getProperty("slidescore.e2e.state", "target/e2e-state")).toAbsolutePath()
                .resolve("tools");
        for (String dir : List.of("lib", "kafka-libs")) {
            Path from = other.resolve(dir);
            if (Files.isRegularFile(from.resolve(".complete"))) {
                Path to = state.resolve("tools").resolve(dir);
                Files.createDirectories(to);
                try (Stream<Path> files = Files.list(from)) {
                    for (Path f : files.toList()) {
                        Files.copy(f, to.resolve(f.getFileName()));
                    }
                }
            }
        }
    }

    /**
     * A private root with {@code deploy/local} (without any {@code .state}) and every service's
     * {@code target/quarkus-app}, hard-linked where the file system allows (else copied): a module rebuilt while the
     * suite runs (its jars are deleted and written anew) cannot pull classes from under a running service, and the
     * run uses exactly the jars it started with.
     */
    static Path snapshotOfThePackagedServices(Path root, Path snapshot) throws IOException {
        deleteTree(snapshot);
        List<Path> trees = new ArrayList<>();
        trees.add(Path.of("deploy", "local", "run.sh"));
        trees.add(Path.of("deploy", "local", "tools"));
        for (String module : LocalRun.MODULES) {
            Path app = Path.of(module, "target", "quarkus-app");
            assertTrue(Files.isRegularFile(root.resolve(app).resolve("quarkus-run.jar")),
                    "package the services first: missing " + root.resolve(app).resolve("quarkus-run.jar"));
            trees.add(app);
        }
        for (Path tree : trees) {
            Path from = root.resolve(tree);
            try (Stream<Path> paths = Files.walk(from)) {
                for (Path p : paths.toList()) {
                    Path to = snapshot.resolve(tree).resolve(from.relativize(p));
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else if (tree.startsWith("deploy")) {
                        Files.createDirectories(to.getParent());
                        Files.copy(p, to);
                    } else {
                        try {
                            Files.createLink(to, p);
                        } catch (IOException | UnsupportedOperationException e) {
                            Files.copy(p, to);
                        }
                    }
                }
            } catch (NoSuchFileException e) {
                throw new AssertionError("a service was being rebuilt while its files were linked: " + e.getFile());
            }
        }
        return snapshot;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
