package io.socswarm.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may change something: a call that mutates carries {@code Authorization: Bearer <token>}. The
 * read-write token may; the read-only token is known but may not (403); anything else, or nothing,
 * is unauthenticated (401). Tokens are compared in constant time.
 */
final class Auth {
    static final String SCHEME = "Bearer ";

    private final byte[] token;
    private final byte[] readToken;

    Auth(String token, String readToken) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.readToken = readToken == null ? null : readToken.getBytes(StandardCharsets.UTF_8);
    }

    /** Returns quietly when {@code authorization} may mutate; otherwise throws the 401 or 403 to answer. */
    void requireWriter(String authorization) {
        if (token == null) {
            throw new ApiError(401, "This API has no swarm.api.token set, so it accepts no call that changes something.");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new ApiError(401, "The Authorization header must carry a bearer token for this call.");
        }
        byte[] given = authorization.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(given, token)) {
            return;
        }
        if (readToken != null && MessageDigest.isEqual(given, readToken)) {
            throw new ApiError(403, "The Authorization token may only read; this call changes something.");
        }
        throw new ApiError(401, "The Authorization token is not one this API knows.");
    }
}
