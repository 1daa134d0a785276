/**
 * The SageMaker Experiments control plane's data: experiments, trials (run groups), trial components (runs) with
 * their parameters, artifacts, status and tags, lineage artifacts, the commands that change them and the searches
 * that find them. Names as the SageMaker API model spells them; times in epoch milliseconds.
 */
package dev.stepwise.model.experiments;
