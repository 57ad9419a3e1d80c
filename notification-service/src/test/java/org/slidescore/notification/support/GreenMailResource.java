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
