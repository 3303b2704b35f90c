package io.socswarm.local.secure;

import io.socswarm.agents.AgentTopology;
import io.socswarm.agents.Agents;
import io.socswarm.analyst.app.AnalystService;
import io.socswarm.api.ApiSettings;
import io.socswarm.api.ApiTopology;
import io.socswarm.coordinator.CoordinatorTopology;
import io.socswarm.incidents.IncidentTopology;
import io.socswarm.local.Clusters;
import io.socswarm.local.UserError;
import io.socswarm.model.Topic;
import io.socswarm.model.Topics;
import io.socswarm.runtime.SwarmConfig;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on a secure cluster: one principal per app, each allowed exactly the topics,
 * consumer groups and transactional ids that app uses, and nothing else (the broker allows nothing
 * that no ACL allows). The same plan creates the ACLs ({@link #apply}) and writes the README's table
 * ({@link #table}), so the two cannot drift; topic and app names come from the topic registry and the
 * apps' own constants, namespace included.
 *
 * <p>Votes: each agent writes a votes topic of its own ({@link Topics#votes(String)}), which no other
 * principal may write, and the coordinator reads them all and refuses a ballot whose agent is not its
 * topic's; so one agent's credentials cannot cast another agent's vote.
 */
public final class AccessPlan {
    public static final String PRODUCER = "soc-producer";
    public static final String ANALYST = AnalystService.GROUP_ID;
    public static final String API = ApiTopology.APPLICATION_ID;
    /** The operator's commands ({@code ./swarm actions|feedback|incidents|audit|intel|sigma …}). */
    public static final String OPERATOR = "soc-operator";

    private static final Set<AclOperation> READ = EnumSet.of(AclOperation.READ, AclOperation.DESCRIBE);
    private static final Set<AclOperation> WRITE = EnumSet.of(AclOperation.WRITE, AclOperation.DESCRIBE);
    private static final Set<AclOperation> DESCRIBE = EnumSet.of(AclOperation.DESCRIBE);
    /** A Streams app's own internal topics: it creates them, reads and writes them, purges repartition topics. */
    private static final Set<AclOperation> INTERNAL = EnumSet.of(AclOperation.CREATE, AclOperation.READ,
            AclOperation.WRITE, AclOperation.DELETE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);

    /** One allowed thing: the operations one principal may do on one resource (a name, or every name with a prefix). */
    public record Grant(String principal, ResourceType resource, String name, PatternType pattern,
            Set<AclOperation> operations) {
        List<AclBinding> bindings() {
            return operations.stream().map(op -> new AclBinding(new ResourcePattern(resource, name, pattern),
                    new AccessControlEntry("User:" + principal, "*", op, AclPermissionType.ALLOW))).toList();
        }
    }

    /** A principal: the app that logs in as it, and what it may do. */
    public record Principal(String name, String app, List<Grant> grants) {
    }

    private final List<Principal> principals;

    private AccessPlan(List<Principal> principals) {
        this.principals = principals;
    }

    /** Every principal of a secure run, the administrator first. */
    public static List<String> principals() {
        List<String> names = new ArrayList<>();
        names.add(Secure.ADMIN);
        of(SwarmConfig.of(Map.of())).principals.forEach(p -> names.add(p.name()));
        return names;
    }

    /** The plan for a swarm of this configuration, whose agents write votes topics of their own (as a secure one must). */
    public static AccessPlan of(SwarmConfig config) {
        Map<String, String> values = config.with(Topics.VOTES_PER_AGENT_KEY, "true").asMap();
        Topics t = Topics.from(values);
        List<Principal> all = new ArrayList<>();
        Builder producer = new Builder(PRODUCER, "./swarm produce (synthetic, replay)");
        producer.write(t.rawEvents(), t.deadLetters());
        all.add(producer.build());

        for (String agent : Agents.names()) {
            String appId = AgentTopology.applicationId(Agents.byName(agent));
            Builder b = new Builder(appId, "the " + agent + " agent").streams(Topics.namespaced(values, appId));
            b.read(t.rawEvents());
            if (agent.equals("threat-intel")) {
                b.read(t.intelIndicators());
            }
            if (agent.equals("sigma")) {
                b.read(t.sigmaRules());
            }
            b.write(t.votes(agent), t.deadLetters());
            all.add(b.build());
        }

        Builder coordinator = new Builder(CoordinatorTopology.APPLICATION_ID, "the coordinator")
                .streams(Topics.namespaced(values, CoordinatorTopology.APPLICATION_ID));
        // agent-precision: the weighted scoring policy's measured precision per agent and class.
        coordinator.read(t.rawEvents(), t.agentPrecision());
        for (String agent : Agents.names()) {
            coordinator.read(t.votes(agent));
        }
        coordinator.write(t.decisions(), t.deadLetters());
        all.add(coordinator.build());

        Builder incidents = new Builder(IncidentTopology.APPLICATION_ID, "the incident builder")
                .streams(Topics.namespaced(values, IncidentTopology.APPLICATION_ID));
        incidents.read(t.decisions(), t.feedback(), t.auditRequests());
        incidents.write(t.incidents(), t.actions(), t.auditRequests(), t.audit(), t.agentPrecision(), t.deadLetters());
        all.add(incidents.build());

        Builder analyst = new Builder(ANALYST, "the analyst");
        analyst.group(Topics.namespaced(values, ANALYST));
        analyst.read(t.incidents(), t.decisions(), t.intelIndicators());
        analyst.write(t.investigations(), t.deadLetters());
        all.add(analyst.build());

        Builder api = new Builder(API, "the HTTP API").streams(Topics.namespaced(values, API));
        api.read(t.decisions(), t.incidents(), t.investigations(), t.actions(), t.intelIndicators());
        api.write(t.feedback(), t.investigations(), t.auditRequests(), t.deadLetters());
        // GET /health: the other apps' groups and how far behind they are (metadata and offsets, no records).
        for (String app : ApiSettings.from(config).healthApps()) {
            api.add(ResourceType.GROUP, app, PatternType.LITERAL, DESCRIBE);
            api.add(ResourceType.TOPIC, app + "-", PatternType.PREFIXED, DESCRIBE);
        }
        for (Topic<?, ?> topic : t.topics()) {
            api.add(ResourceType.TOPIC, topic.name(), PatternType.LITERAL, DESCRIBE);
        }
        all.add(api.build());

        Builder operator = new Builder(OPERATOR, "the operator's commands");
        // Approvals, rejections and feedback all go as feedback, which the incident builder audits.
        operator.read(t.incidents(), t.actions(), t.audit(), t.decisions(), t.investigations());
        operator.write(t.feedback(), t.intelIndicators(), t.sigmaRules());
        all.add(operator.build());
        return new AccessPlan(List.copyOf(all));
    }

    public List<Principal> apps() {
        return principals;
    }

    public List<AclBinding> bindings() {
        return principals.stream().flatMap(p -> p.grants().stream()).flatMap(g -> g.bindings().stream()).toList();
    }

    /** Each app's login, by its principal (which is its application id or group): the client settings it adds. */
    public Map<String, Map<String, String>> identities(SecureFiles keys) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        principals.forEach(p -> out.put(p.name(), keys.clientProperties(p.name())));
        return out;
    }

    /**
     * Gives every principal its SCRAM credential (from {@code passwords}) and creates every ACL, as
     * the administrator whose settings {@code adminConfig} holds; returns how many ACLs there are.
     */
    public int apply(SwarmConfig adminConfig, Map<String, String> passwords) throws InterruptedException {
        Map<String, Object> props = Clusters.clientProperties(adminConfig, Map.of());
        List<UserScramCredentialAlteration> users = new ArrayList<>();
        for (Principal p : principals) {
            String password = passwords.get(p.name());
            if (password == null) {
                throw new UserError("There is no password for the principal " + p.name() + "; make them with ./swarm secure init.");
            }
            users.add(new UserScramCredentialUpsertion(p.name(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password));
        }
        List<AclBinding> acls = bindings();
        try (Admin admin = Admin.create(props)) {
            admin.alterUserScramCredentials(users).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new UserError("Cannot create the swarm's users and ACLs: " + Clusters.rootMessage(e) + ".");
        }
        return acls.size();
    }

    /** The README's table: one row per principal, what it may read and write. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("| principal | app | reads | writes | groups | transactional ids | own internal topics |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (Principal p : principals) {
            sb.append("| `").append(p.name()).append("` | ").append(p.app())
                    .append(" | ").append(names(p, ResourceType.TOPIC, AclOperation.READ, PatternType.LITERAL))
                    .append(" | ").append(names(p, ResourceType.TOPIC, AclOperation.WRITE, PatternType.LITERAL))
                    .append(" | ").append(names(p, ResourceType.GROUP, AclOperation.READ, null))
                    .append(" | ").append(names(p, ResourceType.TRANSACTIONAL_ID, AclOperation.WRITE, null))
                    .append(" | ").append(names(p, ResourceType.TOPIC, AclOperation.CREATE, PatternType.PREFIXED))
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static String names(Principal p, ResourceType type, AclOperation op, PatternType pattern) {
        String names = p.grants().stream()
                .filter(g -> g.resource() == type && g.operations().contains(op) && (pattern == null || g.pattern() == pattern))
                .map(g -> "`" + g.name() + (g.pattern() == PatternType.PREFIXED ? "*" : "") + "`")
                .collect(Collectors.joining(", "));
        return names.isEmpty() ? "—" : names;
    }

    private static final class Builder {
        private final String principal;
        private final String app;
        private final Map<String, Grant> grants = new LinkedHashMap<>();

        Builder(String principal, String app) {
            this.principal = principal;
            this.app = app;
        }

        /** A Streams app: its group, its transactional ids and its internal topics, all named after its application id. */
        Builder streams(String applicationId) {
            group(applicationId);
            add(ResourceType.TRANSACTIONAL_ID, applicationId + "-", PatternType.PREFIXED, WRITE);
            add(ResourceType.TOPIC, applicationId + "-", PatternType.PREFIXED, INTERNAL);
            return this;
        }

        Builder group(String groupId) {
            add(ResourceType.GROUP, groupId, PatternType.LITERAL, READ);
            return this;
        }

        void read(Topic<?, ?>... topics) {
            for (Topic<?, ?> topic : topics) {
                add(ResourceType.TOPIC, topic.name(), PatternType.LITERAL, READ);
            }
        }

        void write(Topic<?, ?>... topics) {
            for (Topic<?, ?> topic : topics) {
                add(ResourceType.TOPIC, topic.name(), PatternType.LITERAL, WRITE);
            }
        }

        private void add(ResourceType type, String name, PatternType pattern, Set<AclOperation> ops) {
            String key = type + "/" + pattern + "/" + name;
            Grant old = grants.get(key);
            Set<AclOperation> merged = EnumSet.copyOf(ops);
            if (old != null) {
                merged.addAll(old.operations());
            }
            grants.put(key, new Grant(principal, type, name, pattern, merged));
        }

        Principal build() {
            return new Principal(principal, app, List.copyOf(grants.values()));
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "AccessPlan[%d principals, %d ACLs]", principals.size(), bindings().size());
    }
}
