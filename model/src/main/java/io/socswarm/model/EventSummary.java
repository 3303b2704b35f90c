package io.socswarm.model;

import java.time.Instant;

/** Who did what where: the part of an event an analyst reads first in a decision. */
public record EventSummary(
        Instant timestamp,
        String category,
        String action,
        String outcome,
        String sourceIp,
        Integer sourcePort,
        String destinationIp,
        Integer destinationPort,
        String destinationDomain,
        String user,
        String host,
        String format) {

    public static EventSummary of(SecurityEvent e) {
        SecurityEvent.Endpoint src = e.source();
        SecurityEvent.Endpoint dst = e.destination();
        return new EventSummary(
                e.timestamp(), e.category(), e.action(), e.outcome(),
                src == null ? null : src.ip(), src == null ? null : src.port(),
                dst == null ? null : dst.ip(), dst == null ? null : dst.port(),
                dst == null ? null : dst.domain(),
                e.userName(), e.host() == null ? null : e.host().name(),
                e.origin() == null ? null : e.origin().format());
    }

    /** One line: {@code ssh_login failure alice 203.0.113.9 -> 10.0.0.5:22}. */
    public String oneLine() {
        StringBuilder sb = new StringBuilder();
        append(sb, action != null ? action : category);
        append(sb, outcome != null && !"unknown".equals(outcome) ? outcome : null);
        append(sb, user);
        if (sourceIp != null) {
            append(sb, sourceIp + (sourcePort != null ? ":" + sourcePort : ""));
        }
        String target = destinationDomain != null ? destinationDomain : destinationIp;
        if (target != null) {
            sb.append(sb.length() > 0 ? " -> " : "").append(target);
            if (destinationPort != null) {
                sb.append(':').append(destinationPort);
            }
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String part) {
        if (part != null && !part.isBlank()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(part);
        }
    }
}
