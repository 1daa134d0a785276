/**
 * The AWS rest-json protocol of SageMaker Metrics: JSON bodies to validated records and back, envelope constraints
 * of the API model with AWS's validation messages, and error bodies. Knows nothing of HTTP or SQL.
 */
package dev.stepwise.protocol;
