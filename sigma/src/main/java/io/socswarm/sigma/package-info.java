/**
 * The Sigma rule language (https://sigmahq.io): rules and correlation rules parsed from YAML,
 * compiled once into matchers that the Sigma agent runs on every event.
 */
package io.socswarm.sigma;
