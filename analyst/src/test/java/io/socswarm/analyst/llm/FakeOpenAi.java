package io.socswarm.analyst.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible chat-completions endpoint on 127.0.0.1 that answers from a script, one reply per
 * request, and records every request body, for the real {@code langchain4j-open-ai} client to talk to.
 * When the script runs out it answers 500, so an unexpected extra call shows as a failure.
 */
final class FakeOpenAi implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One scripted reply: an HTTP status and body, optionally held back until {@link #release()}. */
    record Reply(int status, String body, boolean hold) {
    }

    private final HttpServer server;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<String> requests = new ArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private Reply always;

    FakeOpenAi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    synchronized FakeOpenAi then(Reply reply) {
        script.addLast(reply);
        return this;
    }

    /** Answers every request not scripted otherwise with {@code reply}. */
    synchronized FakeOpenAi always(Reply reply) {
        always = reply;
        return this;
    }

    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    synchronized int calls() {
        return requests.size();
    }

    /** Lets held replies go (a test's clean-up, so the server thread never waits long). */
    void release() {
        released.countDown();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Reply reply;
        synchronized (this) {
            requests.add(body);
            reply = !script.isEmpty() ? script.removeFirst()
                    : always != null ? always : new Reply(500, "{\"error\":{\"message\":\"unscripted\"}}", false);
        }
        if (reply.hold()) {
            try {
                released.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // The client gave up (a timeout test): nobody reads this reply.
        } finally {
            exchange.close();
        }
    }

    /** A final answer whose content is {@code content}, with the token usage given. */
    static Reply answer(String content, int promptTokens, int completionTokens) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant").put("content", content);
        return new Reply(200, completion(message, "stop", promptTokens, completionTokens), false);
    }

    static Reply answer(String content) {
        return answer(content, 100, 50);
    }

    /** A reply that calls one tool with {@code arguments} (an object, written as the JSON string OpenAI sends). */
    static Reply toolCall(String id, String tool, ObjectNode arguments) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        message.putNull("content");
        ArrayNode calls = message.putArray("tool_calls");
        ObjectNode call = calls.addObject().put("id", id).put("type", "function");
        call.putObject("function").put("name", tool).put("arguments", arguments.toString());
        return new Reply(200, completion(message, "tool_calls", 80, 20), false);
    }

    static Reply error(int status) {
        return new Reply(status, "{\"error\":{\"message\":\"the model is down\",\"type\":\"server_error\"}}", false);
    }

    /** An answer held until the test releases it: slower than any timeout a test sets. */
    static Reply slow(String content) {
        return new Reply(200, answer(content).body(), true);
    }

    private static String completion(ObjectNode message, String finishReason, int prompt, int completion) {
        ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-test").put("object", "chat.completion")
                .put("created", 1767225600).put("model", "test-model");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", finishReason);
        root.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        return root.toString();
    }

    /** The messages of a recorded request. */
    static JsonNode messages(String requestBody) {
        return json(requestBody).path("messages");
    }

    static JsonNode json(String requestBody) {
        try {
            return JSON.readTree(requestBody);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
