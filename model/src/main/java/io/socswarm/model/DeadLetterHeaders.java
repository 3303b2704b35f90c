package io.socswarm.model;

/** Header names on {@code dead-letters} records: why a record was refused and where it came from. */
public final class DeadLetterHeaders {
    public static final String ERROR_CLASS = "swarm.error.class";
    public static final String ERROR_MESSAGE = "swarm.error.message";
    public static final String SOURCE_TOPIC = "swarm.source.topic";
    public static final String SOURCE_PARTITION = "swarm.source.partition";
    public static final String SOURCE_OFFSET = "swarm.source.offset";
    public static final String SOURCE_FILE = "swarm.source.file";
    public static final String SOURCE_LINE = "swarm.source.line";
    public static final String APP = "swarm.app";
    /** Present only when the original value was too large to keep whole: its size in bytes. */
    public static final String ORIGINAL_SIZE = "swarm.original.size";

    private DeadLetterHeaders() {
    }
}
