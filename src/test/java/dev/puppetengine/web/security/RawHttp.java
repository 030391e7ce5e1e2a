package dev.puppetengine.web.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, so request targets go out byte for byte as written (no client normalises or refuses
 * them) and a test can send headers that promise more body than it sends.
 */
final class RawHttp {

    /** A safeguard against a hung server, not an assertion on time. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    record Response(int status, Map<String, String> headers, String body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    /** Sends {@code METHOD target} with the headers (Host defaults to 127.0.0.1:port) and reads the whole answer. */
    Response send(String method, String target, Map<String, String> headers, String body) throws IOException {
        try (Socket socket = open()) {
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            Map<String, String> all = new LinkedHashMap<>();
            all.put("Host", "127.0.0.1:" + port);
            all.put("Connection", "close");
            if (!body.isEmpty()) {
                all.put("Content-Length", String.valueOf(body.getBytes(StandardCharsets.UTF_8).length));
            }
            all.putAll(headers);
            all.forEach((name, value) ->
                    head.append(name).append(": ").append(value).append("\r\n"));
            head.append("\r\n").append(body);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read(socket.getInputStream(), !method.equals("HEAD"));
        }
    }

    /** Writes {@code raw} as it is, then reads the answer without sending anything more or closing the output. */
    Response sendRaw(byte[] raw, boolean headOnly) throws IOException {
        try (Socket socket = open()) {
            socket.getOutputStream().write(raw);
            socket.getOutputStream().flush();
            return read(socket.getInputStream(), !headOnly);
        }
    }

    private Socket open() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(Math.toIntExact(READ_TIMEOUT.toMillis()));
        return socket;
    }

    private static Response read(InputStream in, boolean withBody) throws IOException {
        String statusLine = line(in);
        if (statusLine.isEmpty()) {
            throw new IOException("no answer");
        }
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.merge(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim(),
                    (first, second) -> first + ", " + second);
        }
        if (!withBody || headers.getOrDefault("content-type", "").startsWith("text/event-stream")) {
            return new Response(status, headers, "");
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if (headers.getOrDefault("transfer-encoding", "").contains("chunked")) {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
                    size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                chunks.write(in.readNBytes(size));
                line(in);
            }
            body = chunks.toByteArray();
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
