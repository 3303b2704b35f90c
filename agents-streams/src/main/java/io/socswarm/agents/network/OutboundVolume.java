package io.socswarm.agents.network;

/**
 * Bytes and flows one internal source sent to one external destination within one time bucket,
 * as kept in the window store {@value NetworkDetector#VOLUME_STORE}.
 */
record OutboundVolume(long bytes, long flows) {

    OutboundVolume plus(long moreBytes) {
        return new OutboundVolume(bytes + moreBytes, flows + 1);
    }
}
