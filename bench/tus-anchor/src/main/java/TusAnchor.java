import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import me.desair.tus.server.TusFileUploadService;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

import java.io.IOException;

/** tus-java-server behind one servlet at /files and /files/*: {@code java TusAnchor <port> <storage dir>}. */
public class TusAnchor {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String storage = args[1];
        TusFileUploadService tus = new TusFileUploadService().withStoragePath(storage).withUploadUri("/files")
                .withMaxUploadSize(60_000_000_000L);
        Tomcat tomcat = new Tomcat();
        tomcat.setPort(port);
        tomcat.setBaseDir(storage + "/tomcat");
        Context ctx = tomcat.addContext("", null);
        Tomcat.addServlet(ctx, "tus", new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
                tus.process(req, res);
            }
        });
        ctx.addServletMappingDecoded("/files", "tus");
        ctx.addServletMappingDecoded("/files/*", "tus");
        tomcat.getConnector();
        tomcat.start();
        if (tomcat.getConnector().getState() != org.apache.catalina.LifecycleState.STARTED) {
            // Tomcat only logs a port it cannot bind; without this the benchmark would talk to whoever has the port
            System.out.println("FAILED: the connector on port " + port + " did not start");
            System.exit(1);
        }
        System.out.println("READY " + ProcessHandle.current().pid());
        tomcat.getServer().await();
    }
}
