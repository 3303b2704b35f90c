package io.socswarm.model;

import java.util.Locale;

/**
 * Whom a finding suspects: the scanner's address, the guessed account, the beaconing host, the
 * domain a host reached. Incidents group decisions by it.
 *
 * @param type  what {@code value} names
 * @param value the address, account, host or domain, in the form the agents key it by
 */
public record Suspect(Type type, String value) {

    public Suspect {
        Validation.requireNonNull(type, "Suspect.type");
        Validation.requireText(value, "Suspect.value");
    }

    public static Suspect ip(String address) {
        return new Suspect(Type.ip, address);
    }

    public static Suspect user(String account) {
        return new Suspect(Type.user, account);
    }

    public static Suspect host(String name) {
        return new Suspect(Type.host, name);
    }

    public static Suspect domain(String name) {
        return new Suspect(Type.domain, name.toLowerCase(Locale.ROOT));
    }

    /** {@code ip:203.0.113.9}: one string per suspect, for keys and for people. */
    public String key() {
        return type + ":" + value;
    }

    @Override
    public String toString() {
        return key();
    }

    /** Lower case on the wire, as DESIGN.md writes them. */
    public enum Type {
        ip, user, host, domain
    }
}
