/**
 * The HTTP API: what the swarm knows, read from stores this app materialises from the topics, and
 * the few things a person may do (feedback, approvals), each authenticated and audited.
 */
package io.socswarm.api;
