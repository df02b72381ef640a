package org.sra.profile.download.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.sra.kit.web.ClientAddress;
import org.sra.profile.download.Downloads;
import org.sra.profile.download.ProfileFile;

/**
 * The public download (R-PRO-3): no login, reached through the gateway. A wrong, expired,
 * used-up or revoked token gets the same 410 page in Japanese and English, so a caller learns
 * nothing about which. Nothing here logs the request path, which holds the token.
 */
@RestController
@RequestMapping("/download")
class DownloadController {

    private static final Logger log = LoggerFactory.getLogger(DownloadController.class);
    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);
    private static final MediaType XML = new MediaType(MediaType.APPLICATION_XML, StandardCharsets.UTF_8);
    private static final String GONE_PAGE = page("download/gone.html");
    private static final String ERROR_PAGE = page("download/error.html");

    private final Downloads downloads;

    DownloadController(Downloads downloads) {
        this.downloads = downloads;
    }

    @GetMapping("/{token}")
    ResponseEntity<byte[]> download(@PathVariable String token, HttpServletRequest request) {
        return downloads.download(token, ClientAddress.of(request), request.getHeader(HttpHeaders.USER_AGENT))
                .map(DownloadController::file)
                .orElseGet(() -> page(HttpStatus.GONE, GONE_PAGE));
    }

    /**
     * Mail scanners and link previews probe with HEAD: answer without counting a download and
     * without saying whether the token is good.
     */
    @RequestMapping(path = "/{token}", method = RequestMethod.HEAD)
    ResponseEntity<byte[]> probe() {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).headers(privateHeaders())
                .header(HttpHeaders.ALLOW, "GET").build();
    }

    /** Local to this controller so the global handler, which logs the path, never sees these errors. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> failed(Exception e) {
        log.error("Download failed: {}", e.getClass().getName());
        return page(HttpStatus.INTERNAL_SERVER_ERROR, ERROR_PAGE);
    }

    private static ResponseEntity<byte[]> file(ProfileFile file) {
        return ResponseEntity.ok().headers(privateHeaders()).contentType(XML)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDispositions.attachment(file.fileName()))
                .body(file.content());
    }

    private static ResponseEntity<byte[]> page(HttpStatus status, String html) {
        return ResponseEntity.status(status).headers(privateHeaders()).contentType(HTML)
                .header("Content-Security-Policy", "default-src 'none'; style-src 'self'")
                .body(html.getBytes(StandardCharsets.UTF_8));
    }

    /** The URL holds the token: keep it out of Referer headers and out of every cache. */
    private static HttpHeaders privateHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setCacheControl(CacheControl.noStore());
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Robots-Tag", "noindex");
        return headers;
    }

    private static String page(String location) {
        try (InputStream in = new ClassPathResource(location).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
