/**
 * The HTTP layer: server wiring, request ids, body limits, routes and the single place that renders errors.
 * Thin by design: it calls auth, protocol and service, and holds no rules of its own.
 */
package dev.stepwise.http;
