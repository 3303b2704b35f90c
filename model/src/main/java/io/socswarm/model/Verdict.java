package io.socswarm.model;

/** What one agent thinks of one event. */
public enum Verdict {
    SAFE, SUSPICIOUS, MALICIOUS
}
