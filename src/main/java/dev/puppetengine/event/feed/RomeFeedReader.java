package dev.puppetengine.event.feed;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import dev.puppetengine.event.FeedReader;
import dev.puppetengine.shared.ExternalServiceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xml.sax.InputSource;

/**
 * {@link FeedReader} on the JDK's HTTP client and Rome, which reads RSS 0.9x–2.0 and Atom 0.3/1.0. Sends the stored
 * {@code ETag} and {@code Last-Modified} back ({@code If-None-Match}, {@code If-Modified-Since}); follows redirects
 * (never from https to http); reads at most {@link #MAX_BYTES}; refuses DOCTYPEs (Rome's default), so no external
 * entity is ever fetched. Titles are plain text: markup in them is dropped.
 */
public final class RomeFeedReader implements FeedReader {

    static final String SERVICE = "feed";
    static final int MAX_BYTES = 5 * 1024 * 1024;
    private static final String USER_AGENT = "PuppetEngine (+https://github.com/puppet-engine) feed reader";

    private final HttpClient http;
    private final Duration timeout;

    public RomeFeedReader(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public Read read(URI url, Validators validators) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8");
        if (validators.etag() != null) {
            request.header("If-None-Match", validators.etag());
        }
        if (validators.lastModified() != null) {
            request.header("If-Modified-Since", validators.lastModified());
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new ExternalServiceException.TimedOut(SERVICE, "no answer within " + timeout, e);
        } catch (IOException e) {
            throw new ExternalServiceException.Unavailable(SERVICE, "cannot connect: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExternalServiceException.Unavailable(SERVICE, "interrupted", e);
        }
        int status = response.statusCode();
        try (InputStream body = response.body()) {
            if (status == 304) {
                return new NotModified();
            }
            if (status == 429) {
                throw new ExternalServiceException.RateLimited(SERVICE, "HTTP 429", null);
            }
            if (status >= 500) {
                throw new ExternalServiceException.Unavailable(SERVICE, "HTTP " + status, null);
            }
            if (status != 200) {
                throw new ExternalServiceException.InvalidRequest(SERVICE, "HTTP " + status, null);
            }
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new ExternalServiceException.InvalidRequest(
                        SERVICE, "the feed is larger than " + MAX_BYTES + " bytes", null);
            }
            SyndFeed feed = parse(bytes);
            Validators next = new Validators(
                    response.headers().firstValue("ETag").orElse(null),
                    response.headers().firstValue("Last-Modified").orElse(null));
            return new Items(text(feed.getTitle()), items(feed), next);
        } catch (IOException e) {
            throw new ExternalServiceException.Unavailable(SERVICE, "the answer broke off: " + e.getMessage(), e);
        }
    }

    private static SyndFeed parse(byte[] bytes) {
        try {
            return new SyndFeedInput().build(new InputSource(new ByteArrayInputStream(bytes)));
        } catch (FeedException | IllegalArgumentException e) {
            throw new ExternalServiceException.InvalidRequest(SERVICE, "not an RSS or Atom feed: " + e.getMessage(), e);
        }
    }

    private static List<Item> items(SyndFeed feed) {
        List<Item> items = new ArrayList<>();
        for (SyndEntry entry : feed.getEntries()) {
            String title = text(entry.getTitle());
            String link = blankToNull(entry.getLink());
            String key = firstNonBlank(entry.getUri(), link, title);
            if (key == null) {
                continue;
            }
            items.add(new Item(key, title, link, instant(entry.getPublishedDate(), entry.getUpdatedDate())));
        }
        return items;
    }

    private static @Nullable Instant instant(@Nullable Date published, @Nullable Date updated) {
        Date date = published != null ? published : updated;
        return date == null ? null : date.toInstant();
    }

    /** Plain text: tags dropped, the common entities resolved, white space folded. */
    static String text(@Nullable String value) {
        if (value == null) {
            return "";
        }
        return value.replaceAll("<[^>]*>", "")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&apos;", "'")
                .replace("&nbsp;", " ")
                .replace("&amp;", "&")
                .replaceAll("\\s+", " ")
                .strip();
    }

    private static @Nullable String firstNonBlank(@Nullable String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
