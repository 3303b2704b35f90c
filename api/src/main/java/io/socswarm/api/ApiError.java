package io.socswarm.api;

/**
 * A request the API refuses, with its status and one sentence for the caller. Handlers throw it;
 * {@link ApiServer} turns it into {@code {"error": "..."}} in one place.
 */
final class ApiError extends RuntimeException {
    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiError badRequest(String sentence) {
        return new ApiError(400, sentence);
    }

    static ApiError notFound(String sentence) {
        return new ApiError(404, sentence);
    }

    static ApiError conflict(String sentence) {
        return new ApiError(409, sentence);
    }

    static ApiError unavailable(String sentence) {
        return new ApiError(503, sentence);
    }
}
