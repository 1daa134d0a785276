/**
 * The API's data as records and enums, named as the API models spell them: what the requests of both services
 * carry once decoded and what their answers hold before they are encoded. The protocol codecs build and read them,
 * the services take and return them, the stores keep the control plane's; they know nothing of HTTP, JSON or SQL.
 * Depends on {@code api} and {@code stats} only.
 */
package dev.stepwise.model;
