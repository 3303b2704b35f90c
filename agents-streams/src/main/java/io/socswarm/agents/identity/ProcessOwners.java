package io.socswarm.agents.identity;

import io.socswarm.agents.Suspects;
import io.socswarm.model.Attributes;
import io.socswarm.model.SecurityEvent;
import io.socswarm.runtime.WindowStores;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Which account runs a process, per host, learned from process creations (Sysmon 1): a process's
 * own start names its account, and a process it starts names the account it runs as, which is its
 * parent's unless something changed the token. So when a process that was started before the
 * recording began reads LSASS (Sysmon 10 names no account before Sysmon 13), the children it started
 * earlier still say whose it is: Empire's PowerShell in the overpass-the-hash recording starts
 * whoami.exe and cmd.exe as {@code THESHIRE\wardog}.
 *
 * <p>A process's own start outranks its children. Children that ran as different accounts make the
 * owner unknown (a service host, say), never the latest one. Owners are kept in a window store at
 * the creation's event time and expire with the identity agent's other state
 * ({@link IdentitySettings#retention()}). Processes are keyed by host and {@code process.entity_id}
 * (the GUID, unlike a pid, is not reused), so the events that teach and those that ask must meet in
 * one task: {@link #partitionKey} sends them there by host.
 */
final class ProcessOwners {
    static final String STORE = "identity-process-owners";
    /** The owner named by the process's own start. */
    private static final char OWN = 'S';
    /** The owner named by a process it started. */
    private static final char CHILD = 'C';
    /** Its children ran as different accounts. */
    private static final char UNKNOWN = 'X';

    private final WindowStore<String, String> store;
    private final Duration retention;

    ProcessOwners(WindowStore<String, String> store, IdentitySettings settings) {
        this.store = store;
        this.retention = settings.retention();
    }

    static StoreBuilder<WindowStore<String, String>> store(IdentitySettings settings) {
        return Stores.windowStoreBuilder(WindowStores.persistent(STORE, settings.retention(), Duration.ofMillis(1), false),
                Serdes.String(), Serdes.String());
    }

    /** How an owner was learned; {@code account} as {@link Logins#account} writes it. */
    record Owner(String account, boolean fromChild) {
        /** Where the owner came from, for an analyst. */
        String learnedFrom() {
            return fromChild ? "the account of a process it started" : "the account it was started as";
        }
    }

    /**
     * The key that brings a host's process creations and its processes' reads of LSASS together, or
     * null for any other event (and for those that name no host or process).
     */
    static String partitionKey(SecurityEvent e) {
        String host = host(e);
        if (host == null || process(e) == null) {
            return null;
        }
        boolean teaches = "process_created".equals(e.action()) && Logins.account(e) != null;
        return teaches || readsLsass(e) ? "host:" + host : null;
    }

    static boolean readsLsass(SecurityEvent e) {
        String target = Logins.value(e.attribute(Attributes.TARGET_PROCESS_EXECUTABLE));
        return "process_access".equals(e.action()) && target != null && EventRules.fileName(target).equals("lsass.exe");
    }

    /** Learns from a process creation whose process and account it names: that process's owner, and its parent's. */
    void learn(SecurityEvent e) {
        String host = host(e);
        String process = process(e);
        String account = Logins.account(e);
        if (host == null || process == null || account == null) {
            return;
        }
        long at = e.timestamp().toEpochMilli();
        store.put(key(host, process), OWN + account, at);
        String parent = id(e.attribute(Attributes.PROCESS_PARENT_ENTITY_ID));
        if (parent == null) {
            return;
        }
        String known = latest(key(host, parent), e.timestamp());
        if (known == null) {
            store.put(key(host, parent), CHILD + account, at);
        } else if (known.charAt(0) == CHILD && !known.substring(1).equals(account)) {
            store.put(key(host, parent), String.valueOf(UNKNOWN), at);
        }
    }

    /** The owner of the event's process as known at its time, or null when unknown. */
    Owner ownerOf(SecurityEvent e) {
        String host = host(e);
        String process = process(e);
        if (host == null || process == null) {
            return null;
        }
        String known = latest(key(host, process), e.timestamp());
        return known == null || known.charAt(0) == UNKNOWN ? null : new Owner(known.substring(1), known.charAt(0) == CHILD);
    }

    /** The newest value kept for the key up to {@code at}. */
    private String latest(String key, Instant at) {
        Instant from = at.minus(retention);
        try (WindowStoreIterator<String> it = store.backwardFetch(key, from.isBefore(Instant.EPOCH) ? Instant.EPOCH : from,
                at)) {
            if (!it.hasNext()) {
                return null;
            }
            KeyValue<Long, String> newest = it.next();
            return newest.value;
        }
    }

    /** The host an event happened on, as suspects name it, or null. */
    private static String host(SecurityEvent e) {
        return e.host() != null ? Suspects.hostName(e.host().name()) : null;
    }

    /** The event's process ({@code process.entity_id}), lower case, or null. */
    private static String process(SecurityEvent e) {
        return id(e.attribute(Attributes.PROCESS_ENTITY_ID));
    }

    private static String key(String host, String process) {
        return host + '|' + process;
    }

    private static String id(String raw) {
        String v = Logins.value(raw);
        return v == null ? null : v.toLowerCase(Locale.ROOT);
    }
}
