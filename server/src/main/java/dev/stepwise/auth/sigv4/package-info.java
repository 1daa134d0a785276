/**
 * Signature Version 4 as pure functions: canonical request, string to sign, signing key, signature. Used by the
 * server to verify what clients signed; checked against AWS's test suite and the AWS SDK's signer.
 */
package dev.stepwise.auth.sigv4;
