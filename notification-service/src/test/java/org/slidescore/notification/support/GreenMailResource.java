package org.slidescore.notification.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * A real SMTP server for tests: GreenMail on a free loopback port, in place of the production mail relay. Tests get
 * the {@link Smtp} handle through {@link InjectSmtp} to read what arrived and to take the server down and up again.
 */
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {
    private Smtp smtp;

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectSmtp {
    }

    /** The SMTP server of the test run. */
    public static final class Smtp {
        private final int port;
        private GreenMail server;

        Smtp(int port) {
            this.port = port;
        }

        public int port() {
            return port;
        }

        public synchronized GreenMail server() {
            return server;
        }

        public synchronized void start() {
            if (server == null) {
                ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
                setup.setServerStartupTimeout(5_000);
                server = new GreenMail(setup);
                server.start();
            }
        }

        /** Takes the server off the air: connections to its port are refused until {@link #start()}. */
        public synchronized void stop() {
            if (server != null) {
                server.stop();
                server = null;
            }
        }

        public synchronized boolean running() {
            return server != null;
        }

        /**
         * Puts a relay on the port that refuses every recipient with {@code 550 5.1.1} (GreenMail accepts everyone),
         * until {@link Refusal#close()}; GreenMail is taken down meanwhile and must be started again afterwards.
         */
        public synchronized Refusal refuseRecipients() {
            stop();
            return new Refusal(port);
        }
    }

    /** A minimal SMTP responder that answers RCPT with a permanent refusal. */
    public static final class Refusal implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread acceptor;

        Refusal(int port) {
            try {
                socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            acceptor = new Thread(this::accept, "smtp-refusal");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try (java.net.Socket client = socket.accept()) {
                    client.setSoTimeout(10_000);
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream(),
                            java.nio.charset.StandardCharsets.US_ASCII));
                    var out = client.getOutputStream();
                    reply(out, "220 refusal.test ESMTP");
                    String line;
                    while ((line = in.readLine()) != null) {
                        String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
                        if (verb.equals("RCPT")) {
                            reply(out, "550 5.1.1 mailbox unavailable");
                        } else if (verb.equals("QUIT")) {
                            reply(out, "221 bye");
                            break;
                        } else {
                            reply(out, "250 ok");
                        }
                    }
                } catch (IOException e) {
                    // client went away or the socket was closed
                }
            }
        }

        private static void reply(java.io.OutputStream out, String line) throws IOException {
            out.write((line + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() {
            try {
                socket.close();
                acceptor.join(5_000);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public Map<String, String> start() {
        smtp = new Smtp(freePort());
        smtp.start();
        return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", Integer.toString(smtp.port()));
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(smtp, new TestInjector.AnnotatedAndMatchesType(InjectSmtp.class, Smtp.class));
    }

    @Override
    public void stop() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
