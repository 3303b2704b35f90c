package io.socswarm.api;

import io.socswarm.model.Json;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to what never reaches a route (an ambiguous or malformed URI, a bad header) as the
 * API's own {@code {"error": "..."}} rather than Jetty's HTML page, which would echo the request.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ERROR_STATUS) instanceof Integer s ? s : response.getStatus();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(status)), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status));
    }

    static byte[] body(int status) {
        String sentence = status == 400 ? "The request is malformed (its path or headers could not be read)."
                : status == 413 ? "The body is larger than 1 MiB."
                : status == 431 ? "The request's headers are too large."
                : "The request could not be handled (" + status + ").";
        try {
            return Json.MAPPER.writeValueAsBytes(Map.of("error", sentence));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a one-field JSON object", e);
        }
    }
}
