/**
 * The analyst with a model: {@link io.socswarm.analyst.llm.Analysts} chooses it when
 * {@code swarm.llm.base.url} names an OpenAI-compatible server, {@link io.socswarm.analyst.llm.LlmAnalyst}
 * runs one bounded LangChain4j conversation per incident version behind a circuit breaker, a call
 * rate, a token budget and a cache, {@link io.socswarm.analyst.llm.Pseudonymizer} keeps names and
 * internal addresses from a remote model, and every answer is grounded before anyone sees it, or
 * replaced by the deterministic analyst's report.
 */
package io.socswarm.analyst.llm;
