package io.socswarm.model;

import io.socswarm.model.Topic.Retention;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The typed topic registry. Names come from configuration ({@code swarm.topic.*}) with the
 * defaults of DESIGN.md; nobody else writes a topic name, and every place that creates topics
 * (./swarm up, topics, evaluate, bench, intel load, docker compose) creates these through
 * {@link TopicSetup} with the retention each one declares here.
 */
public final class Topics {
    public static final String RAW_EVENTS = "raw-events";
    public static final String VOTES = "votes";
    public static final String DECISIONS = "decisions";
    public static final String DEAD_LETTERS = "dead-letters";
    public static final String INTEL_INDICATORS = "intel-indicators";
    public static final String INCIDENTS = "incidents";
    public static final String ACTIONS = "actions";
    public static final String FEEDBACK = "feedback";
    public static final String AUDIT = "audit";
    public static final String AUDIT_REQUESTS = "audit-requests";
    public static final String AGENT_PRECISION = "agent-precision";
    public static final String INVESTIGATIONS = "investigations";
    public static final String SIGMA_RULES = "sigma-rules";
    /**
     * The agents the swarm knows; each writes a votes topic of its own, named {@code votes.AGENT}
     * (after {@value #VOTES_KEY}), which no other agent may write on a secure cluster.
     */
    public static final List<String> AGENTS = List.of("network", "identity", "threat-intel", "sigma");

    public static final String RAW_EVENTS_KEY = "swarm.topic.raw.events";
    public static final String VOTES_KEY = "swarm.topic.votes";
    public static final String DECISIONS_KEY = "swarm.topic.decisions";
    public static final String DEAD_LETTERS_KEY = "swarm.topic.dead.letters";
    public static final String INTEL_INDICATORS_KEY = "swarm.topic.intel.indicators";
    public static final String INCIDENTS_KEY = "swarm.topic.incidents";
    public static final String ACTIONS_KEY = "swarm.topic.actions";
    public static final String FEEDBACK_KEY = "swarm.topic.feedback";
    public static final String AUDIT_KEY = "swarm.topic.audit";
    public static final String AUDIT_REQUESTS_KEY = "swarm.topic.audit.requests";
    public static final String AGENT_PRECISION_KEY = "swarm.topic.agent.precision";
    public static final String INVESTIGATIONS_KEY = "swarm.topic.investigations";
    public static final String SIGMA_RULES_KEY = "swarm.topic.sigma.rules";
    /**
     * true: each agent writes a votes topic of its own ({@code votes.AGENT}), which a secure cluster's
     * ACLs let only that agent write; false (the default): one {@code votes} topic for all agents.
     */
    public static final String VOTES_PER_AGENT_KEY = "swarm.topic.votes.per.agent";
    /** Prefix of every topic, application id and consumer group of one swarm, so that several share a cluster. */
    public static final String NAMESPACE_KEY = "swarm.namespace";

    public static final JsonSerde<SecurityEvent> EVENT_SERDE = new JsonSerde<>(SecurityEvent.class,
            SecurityEvent.MAX_JSON_BYTES);
    public static final JsonSerde<Vote> VOTE_SERDE = new JsonSerde<>(Vote.class);
    public static final BallotSerde BALLOT_SERDE = new BallotSerde();
    public static final JsonSerde<Decision> DECISION_SERDE = new JsonSerde<>(Decision.class);
    public static final JsonSerde<Indicator> INDICATOR_SERDE = new JsonSerde<>(Indicator.class);
    public static final JsonSerde<Incident> INCIDENT_SERDE = new JsonSerde<>(Incident.class);
    public static final JsonSerde<ActionRequest> ACTION_SERDE = new JsonSerde<>(ActionRequest.class);
    public static final JsonSerde<Feedback> FEEDBACK_SERDE = new JsonSerde<>(Feedback.class);
    public static final JsonSerde<AuditEntry> AUDIT_SERDE = new JsonSerde<>(AuditEntry.class);
    public static final JsonSerde<AgentPrecision> PRECISION_SERDE = new JsonSerde<>(AgentPrecision.class);
    public static final JsonSerde<Investigation> INVESTIGATION_SERDE = new JsonSerde<>(Investigation.class);

    private final Topic<String, SecurityEvent> rawEvents;
    private final Map<String, Topic<String, Ballot>> votes;
    private final Topic<String, Ballot> sharedVotes;
    private final String votesPrefix;
    private final boolean votesPerAgent;
    private final Topic<String, Decision> decisions;
    private final Topic<byte[], byte[]> deadLetters;
    private final Topic<String, Indicator> intelIndicators;
    private final Topic<String, Incident> incidents;
    private final Topic<String, ActionRequest> actions;
    private final Topic<String, Feedback> feedback;
    private final Topic<String, AuditEntry> audit;
    private final Topic<String, AuditEntry> auditRequests;
    private final Topic<String, AgentPrecision> agentPrecision;
    private final Topic<String, Investigation> investigations;
    private final Topic<String, String> sigmaRules;

    private Topics(Map<String, String> config) {
        this(namespaced(config, config.getOrDefault(RAW_EVENTS_KEY, RAW_EVENTS)),
                namespaced(config, config.getOrDefault(VOTES_KEY, VOTES)),
                namespaced(config, config.getOrDefault(DECISIONS_KEY, DECISIONS)),
                namespaced(config, config.getOrDefault(DEAD_LETTERS_KEY, DEAD_LETTERS)),
                namespaced(config, config.getOrDefault(INTEL_INDICATORS_KEY, INTEL_INDICATORS)),
                namespaced(config, config.getOrDefault(INCIDENTS_KEY, INCIDENTS)),
                namespaced(config, config.getOrDefault(ACTIONS_KEY, ACTIONS)),
                namespaced(config, config.getOrDefault(FEEDBACK_KEY, FEEDBACK)),
                namespaced(config, config.getOrDefault(AUDIT_KEY, AUDIT)),
                namespaced(config, config.getOrDefault(AUDIT_REQUESTS_KEY, AUDIT_REQUESTS)),
                namespaced(config, config.getOrDefault(AGENT_PRECISION_KEY, AGENT_PRECISION)),
                namespaced(config, config.getOrDefault(INVESTIGATIONS_KEY, INVESTIGATIONS)),
                namespaced(config, config.getOrDefault(SIGMA_RULES_KEY, SIGMA_RULES)),
                Boolean.parseBoolean(config.getOrDefault(VOTES_PER_AGENT_KEY, "false").trim()));
    }

    private Topics(String rawEvents, String votes, String decisions, String deadLetters, String intelIndicators,
            String incidents, String actions, String feedback, String audit, String auditRequests, String agentPrecision,
            String investigations, String sigmaRules, boolean votesPerAgent) {
        Serde<String> key = Serdes.String();
        this.rawEvents = new Topic<>(rawEvents, key, new EventSerde(EVENT_SERDE), Retention.EVENT_TIME);
        this.votesPerAgent = votesPerAgent;
        this.votesPrefix = votes + ".";
        this.sharedVotes = new Topic<>(votes, key, BALLOT_SERDE, Retention.EVENT_TIME);
        Map<String, Topic<String, Ballot>> byAgent = new LinkedHashMap<>();
        for (String agent : AGENTS) {
            byAgent.put(agent, votesPerAgent ? new Topic<>(votes + "." + agent, key, BALLOT_SERDE, Retention.EVENT_TIME)
                    : sharedVotes);
        }
        this.votes = Collections.unmodifiableMap(byAgent);
        this.decisions = new Topic<>(decisions, key, new DecisionSerde(DECISION_SERDE), Retention.EVENT_TIME);
        this.deadLetters = new Topic<>(deadLetters, Serdes.ByteArray(), Serdes.ByteArray(), Retention.THIRTY_DAYS);
        this.intelIndicators = new Topic<>(intelIndicators, key, INDICATOR_SERDE, Retention.COMPACTED);
        this.incidents = new Topic<>(incidents, key, INCIDENT_SERDE, Retention.COMPACTED);
        this.actions = new Topic<>(actions, key, ACTION_SERDE, Retention.COMPACTED);
        this.feedback = new Topic<>(feedback, key, FEEDBACK_SERDE, Retention.FOREVER);
        this.audit = new Topic<>(audit, key, AUDIT_SERDE, Retention.FOREVER);
        this.auditRequests = new Topic<>(auditRequests, key, AUDIT_SERDE, Retention.FOREVER);
        this.agentPrecision = new Topic<>(agentPrecision, key, PRECISION_SERDE, Retention.COMPACTED);
        this.investigations = new Topic<>(investigations, key, INVESTIGATION_SERDE, Retention.COMPACTED);
        this.sigmaRules = new Topic<>(sigmaRules, key, Serdes.String(), Retention.COMPACTED);
    }

    public static Topics defaults() {
        return from(Map.of());
    }

    /**
     * {@code name} in the namespace {@value #NAMESPACE_KEY} names: with {@code staging}, the topic
     * {@code raw-events} is {@code staging.raw-events} and the app {@code soc-coordinator} is
     * {@code staging.soc-coordinator} (and so are its group, transactional ids and internal topics).
     * Without a namespace, the name itself.
     */
    public static String namespaced(Map<String, String> config, String name) {
        String namespace = config.get(NAMESPACE_KEY);
        return namespace == null || namespace.isBlank() ? name : namespace.trim() + "." + name;
    }

    /** Reads {@code swarm.topic.*} names from a configuration map, defaulting the rest, in the configured namespace. */
    public static Topics from(Map<String, String> config) {
        return new Topics(config);
    }

    public Topic<String, SecurityEvent> rawEvents() {
        return rawEvents;
    }

    /**
     * The topic one agent writes its votes, keyed by event id, and its progress markers to
     * ({@link Ballot}): the one votes topic of all agents, or with {@value #VOTES_PER_AGENT_KEY} a
     * topic of its own, so that on a secure cluster an ACL lets each agent write its own and no other's.
     */
    public Topic<String, Ballot> votes(String agent) {
        Topic<String, Ballot> topic = votes.get(agent);
        // An agent being tried that the swarm does not know yet writes a topic of its own too, which the
        // coordinator reads once it is expected; creating that topic is its operator's business.
        if (topic != null) {
            return topic;
        }
        return votesPerAgent ? new Topic<>(votesPrefix + agent, Serdes.String(), BALLOT_SERDE, Retention.EVENT_TIME)
                : sharedVotes;
    }

    /** Whether each agent writes a votes topic of its own ({@value #VOTES_PER_AGENT_KEY}). */
    public boolean votesPerAgent() {
        return votesPerAgent;
    }

    /** The votes topics of {@code agents}, each once, in their order. */
    public List<Topic<String, Ballot>> votes(List<String> agents) {
        return agents.stream().map(this::votes).distinct().toList();
    }

    public Topic<String, Decision> decisions() {
        return decisions;
    }

    public Topic<byte[], byte[]> deadLetters() {
        return deadLetters;
    }

    /** Threat-intel indicators keyed by {@code type:value}; compacted, so the latest state of each is kept. */
    public Topic<String, Indicator> intelIndicators() {
        return intelIndicators;
    }

    /** Incidents keyed by incident id; compacted, so the latest state of each is kept. */
    public Topic<String, Incident> incidents() {
        return incidents;
    }

    /** Action requests keyed by action id; compacted: the latest state of each request. */
    public Topic<String, ActionRequest> actions() {
        return actions;
    }

    /** Analysts' verdicts, suppressions, approvals and rejections, keyed by incident id. */
    public Topic<String, Feedback> feedback() {
        return feedback;
    }

    /**
     * Every act by a person or by policy, keyed by principal; append-only, never expires. Each partition
     * is a hash chain, written only by the incident app's audit chain step from {@link #auditRequests()}.
     */
    public Topic<String, AuditEntry> audit() {
        return audit;
    }

    /**
     * Audit entries as their writers send them (the incident app's steps, the API, the CLI): keyed by
     * principal, not yet chained, on their way to {@link #audit()}. It must have as many partitions as
     * {@code audit}: partition n of this topic is chained onto partition n of that one. Kept for ever
     * like {@code audit}, so that no act is lost however long the chain step is down.
     */
    public Topic<String, AuditEntry> auditRequests() {
        return auditRequests;
    }

    /** Each agent's confirmed and refuted findings per class, keyed {@code agent|class}; compacted. */
    public Topic<String, AgentPrecision> agentPrecision() {
        return agentPrecision;
    }

    /**
     * The analyst's reports keyed by incident id (or by request id for {@code POST /investigate});
     * compacted: the latest report on each incident.
     */
    public Topic<String, Investigation> investigations() {
        return investigations;
    }

    /** Sigma rules as YAML text keyed by rule id; compacted, a tombstone withdraws a rule. */
    public Topic<String, String> sigmaRules() {
        return sigmaRules;
    }

    /** Every topic the swarm uses, in the order a setup step creates them. */
    public List<Topic<?, ?>> topics() {
        List<Topic<?, ?>> all = new ArrayList<>();
        all.add(rawEvents);
        all.addAll(votes(AGENTS));
        all.addAll(List.of(decisions, deadLetters, intelIndicators, incidents, actions, feedback, audit,
                auditRequests, agentPrecision, investigations, sigmaRules));
        return List.copyOf(all);
    }

    /** The names of {@link #topics()}. */
    public List<String> all() {
        return topics().stream().map(Topic::name).toList();
    }

    /**
     * Whether the topic holds the latest value per key rather than a history, and so must be created
     * with {@code cleanup.policy=compact}.
     */
    public boolean isCompacted(String name) {
        return topics().stream().anyMatch(t -> t.name().equals(name) && t.retention() == Retention.COMPACTED);
    }
}
