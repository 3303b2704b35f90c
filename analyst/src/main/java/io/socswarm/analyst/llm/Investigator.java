package io.socswarm.analyst.llm;

import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/**
 * The LangChain4j AI service of one investigation: one conversation that walks the orchestrator's
 * steps — triage, enrich (with {@link InvestigationTools}), correlate — and ends in the report with
 * its remediation, as JSON in the schema of {@link ModelReport}. The evidence is the only variable
 * of the user message and arrives already rendered as a fenced data block; the template is applied
 * once, so text inside the evidence is never read as a template.
 */
interface Investigator {

    /** Where the system message lives: a resource beside this interface, so the prompt is read and reviewed as text. */
    String SYSTEM_RESOURCE = "/io/socswarm/analyst/llm/investigator-system.txt";

    /** The system message, as LangChain4j reads it from {@link #SYSTEM_RESOURCE}. */
    String SYSTEM = Prompts.read(SYSTEM_RESOURCE);

    String TASK = """
            {{evidence}}

            Investigate this incident in the steps you were given and answer with the report's JSON object.""";

    @SystemMessage(fromResource = SYSTEM_RESOURCE)
    @UserMessage(TASK)
    Result<String> investigate(@V("evidence") String evidence);
}
