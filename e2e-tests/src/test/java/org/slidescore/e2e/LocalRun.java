package org.slidescore.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Drives {@code deploy/local/run.sh} with its own state directory and its own ports, so the tests neither touch a
 * developer's {@code deploy/local/.state} nor clash with services already running on 8080..8085.
 */
final class LocalRun {
    static final List<String> MODULES = List.of("gateway", "upload-service", "study-service", "scoring-service",
            "tile-service", "notification-service");

    final Path root;
    final Path script;
    final Path state;
    final int portBase;
    final int kafkaPort;
    final int pgPort;
    private final Map<String, String> extraEnv = new HashMap<>();

    record Result(int exitCode, String output) {
    }

    LocalRun(Path root, Path state) {
        this.root = root.toAbsolutePath().normalize();
        this.script = this.root.resolve("deploy/local/run.sh");
        this.state = state.toAbsolutePath().normalize();
        // one block: six services, the broker and its controller, PostgreSQL
        this.portBase = freePorts(MODULES.size() + 3);
        this.kafkaPort = portBase + MODULES.size();
        this.pgPort = portBase + MODULES.size() + 2;
    }

    static LocalRun fromSystemProperties() {
        Path root = Path.of(System.getProperty("slidescore.root", ".."));
        Path state = Path.of(System.getProperty("slidescore.e2e.state", "target/e2e-state"));
        return new LocalRun(root, state);
    }

    LocalRun withEnv(String name, String value) {
        extraEnv.put(name, value);
        return this;
    }

    int port(String module) {
        int i = MODULES.indexOf(module);
        if (i < 0) {
            throw new IllegalArgumentException(module);
        }
        return portBase + i;
    }

    String url(String module) {
        return "http://127.0.0.1:" + port(module);
    }

    /** Runs {@code run.sh <args>} and waits for it (it returns once everything is up, or has failed). */
    Result run(long timeoutSeconds, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("SLIDESCORE_STATE_DIR", state.toString());
        env.put("SLIDESCORE_PORT_BASE", String.valueOf(portBase));
        env.put("SLIDESCORE_KAFKA_PORT", String.valueOf(kafkaPort));
        // The reactor has just packaged every service; a build from inside the build would be wasted time.
        env.put("SLIDESCORE_BUILD", "never");
        env.put("SLIDESCORE_JAVA_OPTS", "-Xmx256m");
        // Not a speed test: on a machine shared with other builds six JVMs can take minutes to start.
        env.put("SLIDESCORE_START_TIMEOUT", "900");
        if (env.getOrDefault("PG_HOST", "").isBlank()) {
            env.put("PG_PORT", String.valueOf(pgPort));
        }
        env.remove("SLIDESCORE_ADMIN_PASSWORD");
        String mavenArgs = "";
        if (System.getProperty("slidescore.e2e.maven-offline", "").equals("offline=true")) {
            mavenArgs += "-o ";
        }
        String repo = System.getProperty("slidescore.e2e.maven-repo", "");
        if (!repo.isBlank() && !repo.contains(" ")) {
            mavenArgs += "-Dmaven.repo.local=" + repo;
        }
        env.put("SLIDESCORE_MVN_ARGS", mavenArgs.trim());
        env.putAll(extraEnv);
        try {
            Files.createDirectories(state);
            Path out = Files.createTempFile(state.getParent(), "run-sh-", ".out");
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("run.sh " + String.join(" ", args) + " did not finish within "
                        + timeoutSeconds + " s; output so far:\n" + Files.readString(out));
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The PID run.sh recorded for a part (a module name, {@code kafka} or {@code postgres}). */
    Optional<Long> recordedPid(String part) {
        Path file = state.resolve("pids").resolve(part + ".pid");
        try {
            return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).trim())) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every live process whose command line names the state directory (services, broker, postmaster). */
    List<ProcessHandle> processesOfState() {
        String marker = state.toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)
                        || p.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false))
                .toList();
    }

    String readState(String relative) {
        try {
            return Files.readString(state.resolve(relative)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A base port with {@code count} consecutive free ports above it, away from the usual 8080..9093 and below the
     * kernel's ephemeral range (outgoing connections of the services, brokers and builds take ports from there, and one
     * took a service's port between this check and the service's start).
     */
    static int freePorts(int count) {
        int below = Math.min(40_000, ephemeralPortsFrom()) - count;
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, Math.max(20_001, below));
            boolean free = true;
            for (int i = 0; i < count && free; i++) {
                try (ServerSocket s = new ServerSocket(base + i)) {
                    s.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports found");
    }

    /** The first port of {@code /proc/sys/net/ipv4/ip_local_port_range} (32768, Linux's default, where unreadable). */
    private static int ephemeralPortsFrom() {
        try {
            // line by line: Files.readString trusts the size procfs reports and may return a part of the line
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            int from = Integer.parseInt(range.split("\\s+")[0]);
            return from > 21_000 ? from : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
