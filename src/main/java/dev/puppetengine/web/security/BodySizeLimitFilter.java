package dev.puppetengine.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body over {@code puppet.api.max-body-size} with 413 at once: a larger {@code Content-Length}
 * before a byte of the body is read, a chunked body as soon as it grows past the limit (it is read into memory up to
 * the limit and handed on from there). The connection is closed after the refusal rather than drained.
 */
final class BodySizeLimitFilter extends OncePerRequestFilter {

    private final DataSize limit;

    BodySizeLimitFilter(DataSize limit) {
        this.limit = limit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit.toBytes()) {
            refuse(request, response);
            return;
        }
        if (declared < 0 && isChunked(request)) {
            byte[] body = readAtMost(request.getInputStream(), limit.toBytes() + 1);
            if (body.length > limit.toBytes()) {
                refuse(request, response);
                return;
            }
            chain.doFilter(new BufferedBodyRequest(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isChunked(HttpServletRequest request) {
        String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
    }

    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        return in.readNBytes(Math.toIntExact(Math.min(max, Integer.MAX_VALUE - 8)));
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.CONNECTION, "close");
        Problems.write(
                request,
                response,
                HttpStatus.CONTENT_TOO_LARGE,
                "The request body is larger than " + limit.toKilobytes()
                        + " KB, the limit (setting puppet.api.max-body-size).");
        response.flushBuffer();
    }

    /** A request whose body was already read (within the limit), served from memory. */
    private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                /**
                 * The whole body is in memory: it is available at once (the listener reads while {@link #isReady()}),
                 * and then all read.
                 */
                @Override
                public void setReadListener(ReadListener listener) {
                    try {
                        if (in.available() > 0) {
                            listener.onDataAvailable();
                        }
                        if (in.available() == 0) {
                            listener.onAllDataRead();
                        }
                    } catch (IOException | RuntimeException e) {
                        listener.onError(e);
                    }
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), charset(getCharacterEncoding())));
        }

        private static Charset charset(@Nullable String encoding) {
            try {
                return encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException badName) {
                return StandardCharsets.UTF_8;
            }
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
