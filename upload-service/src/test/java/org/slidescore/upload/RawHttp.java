package org.slidescore.upload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A bare HTTP/1.1 connection, for requests no HTTP client library will send (half bodies, stalls, hard closes). */
final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(30_000);
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    static RawHttp open(int port) throws IOException {
        return new RawHttp(new Socket("127.0.0.1", port));
    }

    RawHttp write(String s) throws IOException {
        return write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttp write(byte[] b) throws IOException {
        out.write(b);
        out.flush();
        return this;
    }

    RawHttp chunk(byte[] b) throws IOException {
        write(Integer.toHexString(b.length) + "\r\n");
        write(b);
        return write("\r\n");
    }

    /** Reads the next status line and its headers, 1xx included. */
    int nextStatus() throws IOException {
        String line = line();
        int status = Integer.parseInt(line.split(" ")[1]);
        headers.clear();
        String h;
        while (!(h = line()).isEmpty()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        return status;
    }

    /** Reads the status line and headers of the next response (skipping 1xx) and answers the status. */
    int status() throws IOException {
        while (true) {
            String line = line();
            int status = Integer.parseInt(line.split(" ")[1]);
            headers.clear();
            String h;
            while (!(h = line()).isEmpty()) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            if (status >= 200) {
                return status;
            }
        }
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c == -1 && b.size() == 0) {
            throw new IOException("connection closed");
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
