package org.sra.kit.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error page for what it refuses before Spring sees the request (an illegal character
 * in the path, a header too large, a body too large for the connector): an RFC 9457 problem in
 * the caller's language instead of Tomcat's HTML page, which named the server and left clients
 * without a {@code type} to act on. Nothing of the request is echoed.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String language = request.getHeader("Accept-Language");
        boolean english = language != null && language.strip().toLowerCase(Locale.ROOT).startsWith("en");
        String slug;
        String title;
        String detail;
        if (status == 414) {
            slug = "uri-too-long";
            title = english ? "Address too long" : "アドレスが長すぎます";
            detail = english ? "The address of the request is too long." : "リクエストのアドレスが長すぎます。";
        } else if (status == 413) {
            slug = "request-too-large";
            title = english ? "Request too large" : "リクエストが大きすぎます";
            detail = english ? "The request is too large." : "リクエストが大きすぎます。";
        } else if (status < 500) {
            slug = "malformed-request";
            title = english ? "Malformed request" : "不正なリクエスト";
            detail = english ? "The request cannot be read: check its address and headers."
                    : "リクエストを読み取れません。アドレスとヘッダを確認してください。";
        } else {
            slug = "internal";
            title = english ? "Internal error" : "内部エラー";
            detail = english ? "An unexpected error occurred. Please try again later."
                    : "予期しないエラーが発生しました。しばらくしてから再度お試しください。";
        }
        String body = "{\"type\":\"urn:sra:problem:" + slug + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body any more: nothing more to say
        }
    }
}
