package org.sra.local.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The mail catcher's web page on the JDK HTTP server:
 * <ul>
 *   <li>{@code GET /}: the received mails, newest first, with from, to, subject, date and body;</li>
 *   <li>{@code GET /api/messages}: the same as JSON;</li>
 *   <li>{@code DELETE /api/messages}: forget them all;</li>
 *   <li>{@code GET /messages/<id>.html}: a mail's HTML part, sandboxed (no scripts, no loads).</li>
 * </ul>
 */
final class MailPage implements AutoCloseable {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")
            .withZone(ZoneId.systemDefault());

    private final HttpServer server;
    private final MailCatcher mails;

    private MailPage(HttpServer server, MailCatcher mails) {
        this.server = server;
        this.mails = mails;
    }

    static MailPage start(int port, MailCatcher mails) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        MailPage page = new MailPage(server, mails);
        server.createContext("/", page::handle);
        server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "mail-page");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return page;
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/api/messages") && method.equals("GET")) {
                send(exchange, 200, "application/json", json(mails.mails()));
            } else if (path.equals("/api/messages") && method.equals("DELETE")) {
                mails.clear();
                exchange.sendResponseHeaders(204, -1);
            } else if (path.equals("/") && method.equals("GET")) {
                send(exchange, 200, "text/html", html(mails.mails()));
            } else if (path.startsWith("/messages/") && path.endsWith(".html") && method.equals("GET")) {
                String id = path.substring("/messages/".length(), path.length() - ".html".length());
                ReceivedMail mail = mails.mails().stream().filter(m -> m.id().equals(id) && m.html() != null)
                        .findFirst().orElse(null);
                if (mail == null) {
                    send(exchange, 404, "text/plain", "no such mail");
                } else {
                    exchange.getResponseHeaders().add("Content-Security-Policy",
                            "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:");
                    send(exchange, 200, "text/html", mail.html());
                }
            } else {
                send(exchange, 404, "text/plain", "not found");
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String html(List<ReceivedMail> list) {
        StringBuilder page = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>SRA local mail</title>
                <style>
                body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
                article{border:1px solid #ccc;border-radius:6px;padding:1rem;margin:1rem 0}
                dl{display:grid;grid-template-columns:6rem 1fr;gap:.2rem .8rem;margin:0 0 .8rem}
                dt{color:#666}dd{margin:0}
                pre{white-space:pre-wrap;background:#f6f6f6;padding:.8rem;border-radius:4px}
                </style></head><body>
                <h1>Mails received by the local SMTP server</h1>
                """);
        page.append("<p>").append(list.size()).append(list.size() == 1 ? " mail" : " mails")
                .append(" · <a href=\"/\">refresh</a> · JSON: <a href=\"/api/messages\">/api/messages</a></p>\n");
        for (ReceivedMail mail : list) {
            page.append("<article>\n<dl>")
                    .append("<dt>Subject</dt><dd><strong>").append(escape(mail.subject())).append("</strong></dd>")
                    .append("<dt>From</dt><dd>").append(escape(mail.from())).append("</dd>")
                    .append("<dt>To</dt><dd>").append(escape(String.join(", ", mail.to()))).append("</dd>")
                    .append("<dt>Date</dt><dd>").append(SHOWN.format(mail.date())).append("</dd>");
            if (!mail.attachments().isEmpty()) {
                page.append("<dt>Attached</dt><dd>").append(escape(String.join(", ", mail.attachments()))).append("</dd>");
            }
            page.append("</dl>\n");
            if (mail.html() != null) {
                page.append("<p><a href=\"/messages/").append(escape(URLEncoder.encode(mail.id(), StandardCharsets.UTF_8))).append(".html\">HTML version</a></p>\n");
            }
            String body = mail.text() != null ? mail.text() : mail.html() != null ? mail.html() : "";
            page.append("<pre>").append(escape(body)).append("</pre>\n</article>\n");
        }
        return page.append("</body></html>\n").toString();
    }

    static String json(List<ReceivedMail> list) {
        return list.stream().map(mail -> "{"
                + "\"id\":" + quote(mail.id())
                + ",\"from\":" + quote(mail.from())
                + ",\"to\":[" + mail.to().stream().map(MailPage::quote).collect(Collectors.joining(",")) + "]"
                + ",\"subject\":" + quote(mail.subject())
                + ",\"date\":" + quote(mail.date().toString())
                + ",\"text\":" + quote(mail.text())
                + ",\"html\":" + quote(mail.html())
                + ",\"attachments\":[" + mail.attachments().stream().map(MailPage::quote).collect(Collectors.joining(",")) + "]"
                + ",\"copies\":" + mail.copies()
                + "}").collect(Collectors.joining(",", "[", "]"));
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
