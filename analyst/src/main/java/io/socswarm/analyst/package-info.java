/**
 * The analyst: investigates incidents from their evidence. Everything a model may say is checked
 * against that evidence, and log text reaches a model only as data.
 */
package io.socswarm.analyst;
