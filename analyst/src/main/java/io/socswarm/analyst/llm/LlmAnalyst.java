package io.socswarm.analyst.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import io.socswarm.analyst.Analyst;
import io.socswarm.analyst.DeterministicAnalyst;
import io.socswarm.analyst.Evidence;
import io.socswarm.analyst.EvidenceBlock;
import io.socswarm.analyst.Grounding;
import io.socswarm.analyst.Lookups;
import io.socswarm.model.Decision;
import io.socswarm.model.Incident;
import io.socswarm.model.Investigation;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analyst with a model: a LangChain4j AI service ({@link Investigator}) over any OpenAI-compatible
 * server, whose answer is checked by {@link Grounding} like every other, and which falls back to the
 * {@link DeterministicAnalyst} whenever the model cannot be used — the breaker is open, the minute's
 * calls or the incident's tokens are spent, the call fails or times out, or the answer is not the
 * report's JSON after one repair. A fallback report says {@code deterministic} and carries one open
 * question with the reason, a fixed sentence; it never quotes the server or the evidence.
 *
 * <p><b>How many calls.</b> The orchestrator's steps — triage, enrich, correlate, report with
 * remediation — run as one conversation rather than one call per step: each separate call would
 * send the evidence again (the bulk of the tokens), and a step's output would travel to the next as
 * model-written text that the next call would have to treat as untrusted too. The system message
 * lays the steps out; enrichment happens through tool calls inside the same conversation. So one
 * incident version costs one call, plus one per tool round ({@link #MAX_TOOL_ROUNDS} at most, and
 * {@link InvestigationTools#MAX_LOOKUPS} lookups in all), plus at most one repair of malformed JSON:
 * never more than {@value #MAX_CALLS} calls, each within the timeout, all within the token budget.
 *
 * <p><b>What the model sees.</b> The system message (fixed text) and one user message holding the
 * evidence as an {@link EvidenceBlock}: event fields reach the model only inside that fenced data
 * block (and inside the blocks tool results are rendered as). With pseudonymisation on, the evidence
 * and every tool result are rewritten by a {@link Pseudonymizer.Session} first, and the report is
 * rewritten back before grounding. The first block shows the latest {@link #PROMPT_DECISIONS}
 * decisions; {@code incident_detail} shows the rest.
 *
 * <p><b>What is kept.</b> The report is grounded against the evidence plus whatever the tools found.
 * {@code injectionSuspected} is the model's own flag or'ed with {@link io.socswarm.analyst.InjectionScreen}
 * over that evidence. Reports are cached by incident id and version, so a version is asked once, whether
 * its answer was a report or a fallback after the model was called; a thread given a version another
 * thread is investigating waits for that report. Fallbacks that never reached the model (breaker
 * open, minute spent) are not cached: the version may get the model's report later.
 */
public final class LlmAnalyst implements Analyst {
    static final int MAX_TOOL_ROUNDS = 3;
    static final int MAX_CALLS = 1 + MAX_TOOL_ROUNDS + 1;
    static final int PROMPT_DECISIONS = 15;
    static final int CACHE_SIZE = 10_000;
    /** Of a malformed answer, what the repair request quotes back to the model. */
    static final int MAX_REPAIR_QUOTE = 8_000;

    private static final Logger LOG = LoggerFactory.getLogger(LlmAnalyst.class);

    private final ChatModel model;
    private final String modelName;
    private final long tokensPerIncident;
    private final DeterministicAnalyst fallback;
    private final Pseudonymizer pseudonymizer;
    private final EvidenceBlock blocks;
    private final Clock clock;
    private final CircuitBreaker breaker;
    private final CallRate rate;
    private final ReportCache cache = new ReportCache(CACHE_SIZE);
    private final Map<ReportCache.Key, CompletableFuture<Investigation>> inFlight = new ConcurrentHashMap<>();
    private final ModelMetrics metrics = new ModelMetrics();

    /**
     * @param model  the chat model, usually {@link #openAi(ModelSettings)}'s; every call goes through the guards
     * @param random draws the evidence blocks' nonces: a {@code SecureRandom} in production
     */
    LlmAnalyst(ChatModel model, ModelSettings settings, Pseudonymizer pseudonymizer, RandomGenerator random,
            Clock clock) {
        this.model = Objects.requireNonNull(model, "model");
        this.modelName = settings.model();
        this.tokensPerIncident = settings.tokensPerIncident();
        this.pseudonymizer = Objects.requireNonNull(pseudonymizer, "pseudonymizer");
        this.blocks = new EvidenceBlock(random);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fallback = new DeterministicAnalyst(clock);
        this.breaker = new CircuitBreaker(settings.breakerFailures(), settings.breakerOpen(), clock);
        this.rate = new CallRate(settings.callsPerMinute(), clock);
    }

    /** The analyst of {@code settings}, which must name a model. */
    public static LlmAnalyst of(ModelSettings settings, Clock clock) {
        if (!settings.hasModel()) {
            throw new IllegalArgumentException(ModelSettings.BASE_URL + " is not set: there is no model");
        }
        Pseudonymizer pseudonymizer = !settings.pseudonymize() ? Pseudonymizer.off()
                : settings.pseudonymizeKey().map(Pseudonymizer::keyed).orElseGet(Pseudonymizer::randomKey);
        return new LlmAnalyst(openAi(settings), settings, pseudonymizer, new SecureRandom(), clock);
    }

    /** The OpenAI-compatible client: temperature 0, the report's JSON schema as response format. */
    static ChatModel openAi(ModelSettings settings) {
        return OpenAiChatModel.builder()
                .baseUrl(settings.baseUrl().orElseThrow())
                .apiKey(settings.apiKey().orElse("none"))
                .modelName(settings.model())
                .temperature(0.0)
                .timeout(settings.timeout())
                .maxRetries(settings.maxRetries())
                .responseFormat(ModelReport.RESPONSE_FORMAT)
                .strictJsonSchema(true)
                .build();
    }

    @Override
    public String name() {
        return modelName;
    }

    public ModelMetrics metrics() {
        return metrics;
    }

    @Override
    public Investigation investigate(Evidence evidence, Lookups lookups) {
        Incident incident = evidence.incident();
        ReportCache.Key key = new ReportCache.Key(incident.id(), incident.version());
        Optional<Investigation> cached = cache.get(key);
        if (cached.isPresent()) {
            metrics.cacheHit();
            return cached.get();
        }
        // Two threads given the same version at once: the second waits for the first's report instead of asking too.
        CompletableFuture<Investigation> mine = new CompletableFuture<>();
        CompletableFuture<Investigation> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            metrics.cacheHit();
            return running.join();
        }
        try {
            // Another thread may have finished this version between the first look and now.
            Investigation report = cache.get(key).orElseGet(() -> investigateOnce(evidence, lookups, key));
            mine.complete(report);
            return report;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private Investigation investigateOnce(Evidence evidence, Lookups lookups, ReportCache.Key key) {
        Incident incident = evidence.incident();
        // Checked before anything is built, so an open breaker or a spent minute costs nothing.
        if (!breaker.isCallable()) {
            return fallback(evidence, Fallback.BREAKER_OPEN);
        }
        if (!rate.hasRoom()) {
            return fallback(evidence, Fallback.RATE_LIMITED);
        }
        GuardedChatModel guarded = new GuardedChatModel(model, breaker, rate, metrics, clock, tokensPerIncident);
        Pseudonymizer.Session pseudonyms = pseudonymizer.session();
        InvestigationTools tools = new InvestigationTools(evidence, lookups == null ? Lookups.NONE : lookups,
                pseudonyms, blocks, metrics);
        Investigation report;
        try {
            report = ask(evidence, guarded, pseudonyms, tools);
        } catch (GuardedChatModel.Refused e) {
            report = fallback(evidence, e.reason());
        } catch (RuntimeException e) {
            // The AI service's own failures (a tool loop past its bound, an unreadable tool call) end like a failed call.
            Optional<GuardedChatModel.Refused> refused = refusal(e);
            if (refused.isEmpty()) {
                LOG.warn("The model's investigation of incident {} v{} failed ({}); the deterministic report stands",
                        incident.id(), incident.version(), e.getClass().getSimpleName());
            }
            report = fallback(evidence, refused.map(GuardedChatModel.Refused::reason).orElse(Fallback.MODEL_ERROR));
        }
        if (guarded.calls() > 0) {
            cache.put(key, report);
        }
        return report;
    }

    private Investigation ask(Evidence evidence, GuardedChatModel guarded, Pseudonymizer.Session pseudonyms,
            InvestigationTools tools) {
        List<Decision> latest = evidence.decisions().subList(
                Math.max(0, evidence.decisions().size() - PROMPT_DECISIONS), evidence.decisions().size());
        Evidence shown = Evidence.of(evidence.incident(), latest, evidence.indicators());
        String block = blocks.render(pseudonyms.pseudonymize(shown)).text();

        Investigator investigator = AiServices.builder(Investigator.class)
                .chatModel(guarded)
                .tools(tools)
                .maxToolCallingRoundTrips(MAX_TOOL_ROUNDS)
                .build();
        Result<String> result = investigator.investigate(block);
        String answer = result.content();

        ModelReport parsed;
        try {
            parsed = ModelReport.parse(answer);
        } catch (ModelReport.MalformedAnswerException first) {
            metrics.repair();
            parsed = repair(guarded, block, answer, first.getMessage());
        }
        Investigation raw = parsed.toInvestigation(evidence.incident(), modelName, clock.instant());
        Investigation real = pseudonyms.reveal(raw);
        // Grounding also sets injectionSuspected when the screen flags the evidence, whatever the model said.
        Investigation report = Grounding.ground(real, tools.evidence());
        metrics.report(report.removedClaims().size());
        return report;
    }

    /** One more call: the same evidence, the malformed answer, and what was wrong with it. */
    private ModelReport repair(GuardedChatModel guarded, String block, String answer, String problem) {
        String quoted = answer == null ? "" : answer.length() > MAX_REPAIR_QUOTE
                ? answer.substring(0, MAX_REPAIR_QUOTE) : answer;
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(Investigator.SYSTEM));
        messages.add(UserMessage.from(Investigator.TASK.replace("{{evidence}}", block)));
        messages.add(AiMessage.from(quoted.isBlank() ? "(empty)" : quoted));
        messages.add(UserMessage.from(problem + " Answer again with only the report's JSON object, in the required "
                + "schema, and nothing before or after it."));
        String again = guarded.chat(ChatRequest.builder().messages(messages).build()).aiMessage().text();
        try {
            return ModelReport.parse(again);
        } catch (ModelReport.MalformedAnswerException second) {
            throw new GuardedChatModel.Refused(Fallback.MALFORMED, second);
        }
    }

    private Investigation fallback(Evidence evidence, Fallback reason) {
        metrics.fallback(reason);
        LOG.debug("Incident {} v{}: deterministic report ({})", evidence.incident().id(), evidence.incident().version(),
                reason.key());
        Investigation d = fallback.investigate(evidence);
        List<String> questions = new ArrayList<>(d.openQuestions());
        questions.add(reason.question());
        return new Investigation(d.incidentId(), d.incidentVersion(), d.analyst(), d.summary(), d.findings(), d.iocs(),
                d.timeline(), d.classes(), d.remediation(), d.confidence(), questions, d.removedClaims(),
                d.injectionSuspected(), d.writtenAt());
    }

    private static Optional<GuardedChatModel.Refused> refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GuardedChatModel.Refused r) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
