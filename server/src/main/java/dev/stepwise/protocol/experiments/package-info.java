/**
 * The AWS JSON 1.1 protocol of the SageMaker Experiments control plane: request bodies checked against the API
 * model's shapes ({@code /model/sagemaker-experiments-inputs.json}, the input shapes of the operations offered, as the
 * SageMaker model defines them) with AWS's error messages, decoded into {@code model.experiments} records; answers
 * encoded as the SDKs read them. Knows nothing of HTTP or SQL.
 */
package dev.stepwise.protocol.experiments;
